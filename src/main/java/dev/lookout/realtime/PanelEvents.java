package dev.lookout.realtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.lookout.refresh.PanelResults.PanelResult;
import dev.lookout.refresh.ViewKey;

/**
 * Each view's newest event as the wire has it (after its id), made once per result version and
 * shared by the fan-out and by every new stream's first results: the result itself, or above
 * {@code SSE_MAX_EVENT_BYTES} a {@code refetch} notice to read it.
 */
final class PanelEvents {

	private final int maxEventBytes;

	private final Map<ViewKey, Held> held = new ConcurrentHashMap<>();

	PanelEvents(int maxEventBytes) {
		this.maxEventBytes = maxEventBytes;
	}

	/** The event of {@code result}, formatted now unless it was for this version. */
	byte[] of(PanelResult result) {
		Held kept = this.held.get(result.view());
		if (kept != null && kept.resultVersion() == result.resultVersion()) {
			return kept.bytes();
		}
		Held made = new Held(result.resultVersion(), format(result));
		// A first burst may format an older version than the fan-out holds: the newer one stays.
		this.held.merge(result.view(), made,
				(old, incoming) -> (incoming.resultVersion() > old.resultVersion()) ? incoming : old);
		return made.bytes();
	}

	/** The newest event formatted for {@code view}, if one is held. */
	Optional<Held> newest(ViewKey view) {
		return Optional.ofNullable(this.held.get(view));
	}

	/** The event held for {@code view} is older than its result now, or the view is gone. */
	void forget(ViewKey view) {
		this.held.remove(view);
	}

	/** The panel is gone: the events of all its views. */
	void forgetPanel(long panelId) {
		this.held.keySet().removeIf((view) -> view.panelId() == panelId);
	}

	private byte[] format(PanelResult result) {
		if (result.body().length > this.maxEventBytes) {
			return SseFormat.event("refetch", ("{\"panelId\":" + result.view().panelId() + ",\"view\":\"" + result.view()
					+ "\",\"resultVersion\":" + result.resultVersion() + "}").getBytes(StandardCharsets.US_ASCII));
		}
		return SseFormat.event("result", result.body());
	}

	/** An event and the result version it carries. */
	record Held(long resultVersion, byte[] bytes) {
	}

}
