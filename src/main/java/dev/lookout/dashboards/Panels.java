package dev.lookout.dashboards;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Read access to panel definitions for other modules; {@link PanelChanged} tells when to read again. */
@Component
public class Panels {

	private final Dashboards dashboards;

	Panels(Dashboards dashboards) {
		this.dashboards = dashboards;
	}

	public List<PanelSpec> all() {
		return this.dashboards.panelSpecs();
	}

	public Optional<PanelSpec> find(long id) {
		return this.dashboards.panelSpec(id);
	}

}
