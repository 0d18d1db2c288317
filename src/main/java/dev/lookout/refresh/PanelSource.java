package dev.lookout.refresh;

import java.util.List;
import java.util.Optional;

import dev.lookout.dashboards.PanelSpec;

/**
 * Where the updater reads panel definitions: the dashboards module's {@code Panels} in the
 * application, scripted definitions in the updater's tests.
 */
interface PanelSource {

	List<PanelSpec> all();

	Optional<PanelSpec> find(long id);

}
