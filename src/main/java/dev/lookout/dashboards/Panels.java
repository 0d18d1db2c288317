package dev.lookout.dashboards;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Read access to panel definitions for other modules, from the read model; {@link PanelChanged}
 * tells when to read again.
 */
@Component
public class Panels {

	private final Definitions definitions;

	Panels(Definitions definitions) {
		this.definitions = definitions;
	}

	/** @throws dev.lookout.web.ApiException before the first definitions are in */
	public List<PanelSpec> all() {
		return this.definitions.panels();
	}

	public Optional<PanelSpec> find(long id) {
		return this.definitions.panel(id);
	}

	/**
	 * The dashboards the current user may change ({@link AccessRules}), in the order the list
	 * shows them, with their panels: what a form offers when it asks for one of their panels.
	 * @throws dev.lookout.web.ApiException before the first definitions are in
	 */
	public List<DashboardOutline> editable() {
		return this.definitions.snapshot()
			.editableDashboards()
			.stream()
			.map((dashboard) -> new DashboardOutline(dashboard.slug(), dashboard.title(), dashboard.parameters(),
					dashboard.panels()
						.stream()
						.map((panel) -> new DashboardOutline.PanelOutline(panel.id(), panel.title()))
						.toList()))
			.toList();
	}

}
