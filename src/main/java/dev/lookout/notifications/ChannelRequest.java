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
record ChannelRequest(@NotBlank @Size(max = MAX_NAME) String name, @NotNull ChannelType type,
		@Size(max = 2000) String url, @Size(min = MIN_SECRET, max = MAX_SECRET) String secret,
		@Range(min = MIN_TIMEOUT_MS, max = MAX_TIMEOUT_MS) Integer timeoutMs,
		@Size(max = MAX_RECIPIENTS) List<@NotBlank @Size(max = 254) String> recipients, Boolean enabled, Long version) {

	// Named for the channel form's hints too.
	static final int MAX_NAME = 100;

	static final int MIN_SECRET = 16;

	static final int MAX_SECRET = 200;

	static final int MIN_TIMEOUT_MS = 100;

	static final int MAX_TIMEOUT_MS = 30000;

	static final int MAX_RECIPIENTS = 20;

	static final int DEFAULT_TIMEOUT_MS = 5000;

	/**
	 * The stored channel as a change of its secret or its switch only.
	 * @param secret the new secret; null keeps the stored one
	 * @param version the version the user read, not the stored one: a change since is a conflict
	 */
	static ChannelRequest of(Channel channel, String secret, boolean enabled, long version) {
		return new ChannelRequest(channel.name(), channel.type(), channel.url(), secret, channel.timeoutMs(),
				channel.recipients(), enabled, version);
	}

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
