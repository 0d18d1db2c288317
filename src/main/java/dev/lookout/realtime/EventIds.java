package dev.lookout.realtime;

import java.util.Map;
import java.util.TreeMap;

import dev.lookout.refresh.ViewKey;

/**
 * Writes and reads event ids. An id names every view version the client holds, as
 * {@code <view>:<resultVersion>} pairs (version in base 36) joined by commas, e.g.
 * {@code 7:lz2k1f0w,9~Yq3…:lz2k1h3a}, where a view is a panel id, with {@code ~} and the digest of
 * its values for a view with chosen values ({@code ViewKey}). A browser sends the last one back as {@code Last-Event-ID} when
 * it reconnects, to whichever instance, so that instance sends exactly the panels it is behind
 * on, without keeping any state per client.
 */
final class EventIds {

	/** More pairs than any dashboard has: a longer header is cut there rather than parsed whole. */
	private static final int MAX_PANELS = 1000;

	private EventIds() {
	}

	static String encode(Map<String, Long> versions) {
		StringBuilder id = new StringBuilder(versions.size() * 12);
		for (Map.Entry<String, Long> entry : versions.entrySet()) {
			if (!id.isEmpty()) {
				id.append(',');
			}
			id.append(entry.getKey()).append(':').append(Long.toString(entry.getValue(), 36));
		}
		return id.toString();
	}

	/** The versions a {@code Last-Event-ID} names; what cannot be read is left out, so sent again. */
	static Map<String, Long> decode(String lastEventId) {
		Map<String, Long> versions = new TreeMap<>();
		if (lastEventId == null || lastEventId.isBlank()) {
			return versions;
		}
		for (String pair : lastEventId.trim().split(",", MAX_PANELS + 1)) {
			if (versions.size() == MAX_PANELS) {
				break;
			}
			int colon = pair.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			try {
				String view = ViewKey.parse(pair.substring(0, colon).strip()).toString();
				versions.put(view, Long.parseLong(pair.substring(colon + 1), 36));
			}
			catch (NumberFormatException ex) {
				// Not one of ours: that view is sent again.
			}
		}
		return versions;
	}

}
