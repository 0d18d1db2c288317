package dev.lookout.dashboards;

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

}
