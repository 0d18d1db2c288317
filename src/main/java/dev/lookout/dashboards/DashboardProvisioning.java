package dev.lookout.dashboards;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Creates declared dashboards that do not exist yet; never changes one somebody may have edited. */
@Component
public class DashboardProvisioning {

	private final Dashboards dashboards;

	private final DashboardService service;

	DashboardProvisioning(Dashboards dashboards, DashboardService service) {
		this.dashboards = dashboards;
		this.service = service;
	}

	/** True when the dashboard was created, false when its slug already existed. */
	@Transactional
	public boolean ensure(ProvisionedDashboard declared) {
		if (this.dashboards.find(declared.slug()).isPresent()) {
			return false;
		}
		this.service.create(new DashboardRequest(declared.slug(), declared.title(), declared.description(),
				declared.variables(), declared.timeRange(), null, null));
		for (ProvisionedDashboard.Panel panel : declared.panels()) {
			this.service.addPanel(declared.slug(), new PanelRequest(panel.title(), panel.dataSourceId(), panel.sql(),
					panel.visualization(), new PanelOptions(panel.xColumn(), panel.yColumns(), panel.valueColumn(),
							panel.unit()),
					panel.refreshSeconds(), null));
		}
		return true;
	}

	/**
	 * The id of the panel titled {@code title} on the dashboard {@code slug}, as stored now: for what
	 * is provisioned on a provisioned panel (an alert rule). Empty when either is gone or renamed.
	 */
	@Transactional(readOnly = true)
	public Optional<Long> panelId(String slug, String title) {
		return this.dashboards.find(slug)
			.flatMap((dashboard) -> dashboard.panels()
				.stream()
				.filter((panel) -> panel.title().equals(title))
				.findFirst())
			.map(Panel::id);
	}

}
