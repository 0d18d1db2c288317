package dev.lookout.realtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.lookout.refresh.PanelResults.PanelResult;

/**
 * Each panel's newest event as the wire has it (after its id), made once per result version and
 * shared by the fan-out and by every new stream's first results: the result itself, or above
 * {@code SSE_MAX_EVENT_BYTES} a {@code refetch} notice to read it.
 */
final class PanelEvents {

	private final int maxEventBytes;

	private final Map<Long, Held> held = new ConcurrentHashMap<>();

	PanelEvents(int maxEventBytes) {
		this.maxEventBytes = maxEventBytes;
	}

	/** The event of {@code result}, formatted now unless it was for this version. */
	byte[] of(PanelResult result) {
		Held kept = this.held.get(result.panelId());
		if (kept != null && kept.resultVersion() == result.resultVersion()) {
			return kept.bytes();
		}
		Held made = new Held(result.resultVersion(), format(result));
		// A first burst may format an older version than the fan-out holds: the newer one stays.
		this.held.merge(result.panelId(), made,
				(old, incoming) -> (incoming.resultVersion() > old.resultVersion()) ? incoming : old);
		return made.bytes();
	}

	/** The newest event formatted for panel {@code panelId}, if one is held. */
	Optional<Held> newest(long panelId) {
		return Optional.ofNullable(this.held.get(panelId));
	}

	/** The event held for {@code panelId} is older than its result now, or the panel is gone. */
	void forget(long panelId) {
		this.held.remove(panelId);
	}

	private byte[] format(PanelResult result) {
		if (result.body().length > this.maxEventBytes) {
			return SseFormat.event("refetch", ("{\"panelId\":" + result.panelId() + ",\"resultVersion\":"
					+ result.resultVersion() + "}").getBytes(StandardCharsets.US_ASCII));
		}
		return SseFormat.event("result", result.body());
	}

	/** An event and the result version it carries. */
	record Held(long resultVersion, byte[] bytes) {
	}

}
