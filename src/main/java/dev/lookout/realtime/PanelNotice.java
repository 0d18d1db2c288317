package dev.lookout.realtime;

import java.nio.charset.StandardCharsets;

import dev.lookout.refresh.ViewKey;

/**
 * A view's new result, as instances tell each other over Redis: which view, which version,
 * which dashboard, and who stored it; never the result itself, which receivers read from the
 * shared cache. Encoded as {@code <instance> <view> <resultVersion> <slug>}.
 */
record PanelNotice(String instanceId, ViewKey view, long resultVersion, String dashboardSlug) {

	byte[] encode() {
		return (this.instanceId + " " + this.view + " " + this.resultVersion + " " + this.dashboardSlug)
			.getBytes(StandardCharsets.UTF_8);
	}

	/** The notice a message carries; {@code null} for one that is not a notice. */
	static PanelNotice decode(byte[] message) {
		String[] parts = new String(message, StandardCharsets.UTF_8).split(" ", 4);
		if (parts.length != 4) {
			return null;
		}
		try {
			return new PanelNotice(parts[0], ViewKey.parse(parts[1]), Long.parseLong(parts[2]), parts[3]);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
