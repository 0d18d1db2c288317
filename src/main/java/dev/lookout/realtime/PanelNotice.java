package dev.lookout.realtime;

import java.nio.charset.StandardCharsets;

/**
 * A panel's new result, as instances tell each other over Redis: which panel, which version,
 * which dashboard, and who stored it; never the result itself, which receivers read from the
 * shared cache. Encoded as {@code <instance> <panelId> <resultVersion> <slug>}.
 */
record PanelNotice(String instanceId, long panelId, long resultVersion, String dashboardSlug) {

	byte[] encode() {
		return (this.instanceId + " " + this.panelId + " " + this.resultVersion + " " + this.dashboardSlug)
			.getBytes(StandardCharsets.UTF_8);
	}

	/** The notice a message carries; {@code null} for one that is not a notice. */
	static PanelNotice decode(byte[] message) {
		String[] parts = new String(message, StandardCharsets.UTF_8).split(" ", 4);
		if (parts.length != 4) {
			return null;
		}
		try {
			return new PanelNotice(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
