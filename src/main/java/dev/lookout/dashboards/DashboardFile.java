package dev.lookout.dashboards;

import java.util.List;

/**
 * A dashboard file as {@link DashboardFileReader} read it: the whole definition (what the file
 * leaves out is none, not "keep"), its data sources resolved from their names, not yet held to
 * the rules ({@link DashboardImport} does that, reporting with the file's lines).
 *
 * @param version the version it was exported from, the conflict rule's; {@code null} when absent
 */
record DashboardFile(YamlDocument source, Long version, DashboardRequest dashboard, List<PanelRequest> panels) {

	DashboardFile {
		panels = List.copyOf(panels);
	}

	String name() {
		return this.source.file();
	}

}
