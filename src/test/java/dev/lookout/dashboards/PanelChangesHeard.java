package dev.lookout.dashboards;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/**
 * Every {@link PanelChanged} the application published, whatever its thread: the read model
 * announces changes from its own thread, which Spring's thread-bound {@code ApplicationEvents} misses.
 */
@TestComponent
class PanelChangesHeard {

	private final List<PanelChanged> heard = new CopyOnWriteArrayList<>();

	@EventListener
	void on(PanelChanged change) {
		this.heard.add(change);
	}

	List<PanelChanged> heard() {
		return List.copyOf(this.heard);
	}

	void clear() {
		this.heard.clear();
	}

}
