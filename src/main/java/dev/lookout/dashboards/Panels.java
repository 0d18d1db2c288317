package dev.lookout.dashboards;

import java.util.List;
import java.util.Optional;

/** Read access to panel definitions for other modules. Placeholder of the contract; replaced in the same change. */
public class Panels {

	public List<PanelSpec> all() {
		throw new IllegalStateException("contract placeholder");
	}

	public Optional<PanelSpec> find(long id) {
		throw new IllegalStateException("contract placeholder");
	}

}
