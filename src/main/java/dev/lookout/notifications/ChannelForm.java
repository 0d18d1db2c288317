package dev.lookout.notifications;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channel form's fields as typed, so that a refused form comes back as it was: the timeout as
 * text (a field that is no number is named here, where the API's JSON parser would refuse it) and
 * the recipients as one text, separated by commas or lines. The secret is read but never shown again.
 *
 * @param type WEBHOOK or EMAIL: the form shows that type's fields only
 * @param enabled the checkbox: absent when unchecked
 */
record ChannelForm(String name, String type, String url, String secret, String timeoutMs, String recipients,
		Boolean enabled, Long version) {

	/** A new channel's form: the API's defaults. */
	static ChannelForm newChannel(ChannelType type) {
		return new ChannelForm("", type.name(), "", null, String.valueOf(ChannelRequest.DEFAULT_TIMEOUT_MS), "", true,
				null);
	}

	static ChannelForm of(Channel channel) {
		return new ChannelForm(channel.name(), channel.type().name(), channel.url(), null,
				String.valueOf(channel.timeoutMs()), String.join("\n", channel.recipients()), channel.enabled(),
				channel.version());
	}

	boolean webhook() {
		return ChannelType.WEBHOOK.name().equals(this.type);
	}

	/** The fields that are no number, by the name {@link ChannelRules} gives them; the rules name every other problem. */
	Map<String, String> notNumbers() {
		if (!blank(this.timeoutMs) && whole(this.timeoutMs) == null) {
			return Map.of("timeoutMs", "is not a whole number of milliseconds");
		}
		return Map.of();
	}

	/** The channel as the API would receive it: only the fields of its type, a blank secret generated. */
	ChannelRequest request() {
		ChannelType chosen = Arrays.stream(ChannelType.values())
			.filter((candidate) -> candidate.name().equals(this.type))
			.findFirst()
			.orElse(null);
		Long timeout = whole(this.timeoutMs);
		// Beyond an int is beyond the rules' limit too: the largest int gets their message.
		Integer timeoutMs = (timeout != null) ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, timeout))
				: null;
		boolean webhook = chosen == ChannelType.WEBHOOK;
		return new ChannelRequest(this.name, chosen, webhook ? this.url : null,
				(webhook && !blank(this.secret)) ? this.secret : null, timeoutMs, webhook ? null : recipientList(),
				this.enabled != null && this.enabled, this.version);
	}

	/**
	 * The rules' problems by the form's inputs: {@code recipients[1]} is shown next to the one
	 * recipients field, naming the address it refused.
	 */
	Map<String, String> byInput(Map<String, String> problems) {
		Map<String, String> byInput = new LinkedHashMap<>();
		List<String> recipients = recipientList();
		problems.forEach((field, message) -> {
			if (field.startsWith("recipients[")) {
				int index = Integer.parseInt(field.substring("recipients[".length(), field.length() - 1));
				byInput.merge("recipients", "'" + recipients.get(index) + "' " + message,
						(earlier, more) -> earlier + "; " + more);
			}
			else {
				byInput.putIfAbsent(field, message);
			}
		});
		return byInput;
	}

	private List<String> recipientList() {
		if (blank(this.recipients)) {
			return List.of();
		}
		return Arrays.stream(this.recipients.split("[,\\r\\n]+"))
			.map(String::strip)
			.filter((address) -> !address.isEmpty())
			.toList();
	}

	private static Long whole(String value) {
		try {
			return blank(value) ? null : Long.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
