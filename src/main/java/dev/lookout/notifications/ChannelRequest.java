package dev.lookout.notifications;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

/**
 * A channel as a client creates or changes it.
 *
 * @param url WEBHOOK only: http or https
 * @param secret WEBHOOK only, optional: the HMAC key (16-200 characters); generated when absent on
 * create, kept when absent on update
 * @param timeoutMs 100-30000, default 5000
 * @param recipients EMAIL only: 1-20 addresses
 * @param enabled default true
 * @param version required on update: the version that was read
 */
record ChannelRequest(@NotBlank @Size(max = 100) String name, @NotNull ChannelType type, @Size(max = 2000) String url,
		@Size(min = 16, max = 200) String secret, @Range(min = 100, max = 30000) Integer timeoutMs,
		@Size(max = 20) List<@NotBlank @Size(max = 254) String> recipients, Boolean enabled, Long version) {

	static final int DEFAULT_TIMEOUT_MS = 5000;

	int timeoutOrDefault() {
		return (this.timeoutMs != null) ? this.timeoutMs : DEFAULT_TIMEOUT_MS;
	}

	boolean enabledOrDefault() {
		return this.enabled == null || this.enabled;
	}

	List<String> recipientsOrEmpty() {
		return (this.recipients != null) ? this.recipients.stream().map(String::strip).toList() : List.of();
	}

}
