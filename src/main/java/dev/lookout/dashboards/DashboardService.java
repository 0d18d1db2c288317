package dev.lookout.dashboards;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.lookout.audit.AuditLog;
import dev.lookout.datasource.DataSourceCatalog;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;
import jakarta.validation.Validator;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change to dashboards and panels: checked against the database, refused when the client's
 * version is stale, written to the audit log in the same transaction, and recorded in
 * {@link DefinitionsChanges}, so that the read model shows it (and announces the panels it
 * created, edited or removed) once it commits. Reads come from the read model, never the database.
 * <p>
 * Over 300 lines: each change is a short transaction with its checks, audit entry and version; splitting by dashboard and panel would split the lock order they share.
 */
@Service
class DashboardService {

	private static final String ANONYMOUS = "anonymous";

	private final Dashboards dashboards;

	private final Definitions definitions;

	private final DefinitionsChanges changes;

	private final DataSourceCatalog dataSources;

	private final AuditLog audit;

	private final Clock clock;

	private final Validator validator;

	DashboardService(Dashboards dashboards, Definitions definitions, DefinitionsChanges changes,
			DataSourceCatalog dataSources, AuditLog audit, Clock clock, Validator validator) {
		this.dashboards = dashboards;
		this.definitions = definitions;
		this.changes = changes;
		this.dataSources = dataSources;
		this.audit = audit;
		this.clock = clock;
		this.validator = validator;
	}

	/** The dashboards the current user may see, from the read model. */
	List<DashboardSummary> list() {
		return this.definitions.visibleSummaries();
	}

	/**
	 * From the read model.
	 * @throws ApiException {@code NOT_FOUND} when there is no such dashboard, or the current user
	 * may not see it ({@link AccessRules})
	 */
	Dashboard get(String slug) {
		return this.definitions.dashboard(slug)
			.filter((dashboard) -> AccessRules.canView(dashboard.access()))
			.orElseThrow(() -> noDashboard(slug));
	}

	/**
	 * From the read model, for a user about to change it.
	 * @throws ApiException {@code NOT_FOUND} as {@link #get}, {@code FORBIDDEN} when the current
	 * user sees it but may not change it
	 */
	Dashboard getForEdit(String slug) {
		Dashboard dashboard = get(slug);
		AccessRules.requireEdit("dashboard '" + slug + "'", dashboard.access());
		return dashboard;
	}

	static ApiException noDashboard(String slug) {
		return notFound("dashboard '" + slug + "'");
	}

	/**
	 * As the database has it now, for a change to start from.
	 * @throws ApiException {@code NOT_FOUND} when there is none or the current user may not see
	 * it, {@code FORBIDDEN} when they may not change it
	 */
	private Dashboard current(String slug) {
		Dashboard dashboard = this.dashboards.find(slug).orElseThrow(() -> noDashboard(slug));
		AccessRules.requireEdit("dashboard '" + slug + "'", dashboard.access());
		refuseIfProvisioned(dashboard);
		return dashboard;
	}

	/**
	 * A dashboard from the provisioning directory changes in its file only (the directory's next
	 * read would undo the change anyway); {@link DashboardImport} is the one that writes it.
	 * @throws ApiException {@code PROVISIONED}
	 */
	static void refuseIfProvisioned(Dashboard dashboard) {
		if (dashboard.provisioned()) {
			throw new ApiException(ErrorCode.PROVISIONED, "Dashboard '" + dashboard.slug() + "' is provisioned from "
					+ dashboard.provisionedFrom() + ": edit the file, not here.");
		}
	}

	@Transactional
	Dashboard create(DashboardRequest request) {
		DashboardDefinition definition = request.validatedNew(this.validator, this::dataSourceExists);
		String actor = actor();
		long id = this.dashboards.insert(definition, actor, now());
		this.changes.record();
		this.audit.record(actor, "dashboard.create", "dashboard", String.valueOf(id), definition.audited());
		return current(definition.slug());
	}

	@Transactional
	Dashboard update(String slug, DashboardRequest request) {
		Dashboard current = current(slug);
		DashboardDefinition definition = request.validatedEdit(this.validator, current, this::dataSourceExists);
		long version = request.version();
		String actor = actor();
		if (version != current.version() || !this.dashboards.update(current.id(), version, definition, actor, now())) {
			throw stale("Dashboard '" + slug + "'", version);
		}
		this.changes.record();
		Map<String, Object> details = changes(current.definition().audited(), definition.audited());
		details.put("version", version + 1);
		this.audit.record(actor, "dashboard.update", "dashboard", String.valueOf(current.id()), details);
		return current(slug);
	}

	@Transactional
	void delete(String slug, Long requestedVersion) {
		Dashboard current = current(slug);
		long version = requiredVersion(requestedVersion);
		String actor = actor();
		// Locked first, so that the panels announced as removed are exactly those the cascade deletes.
		this.dashboards.touch(current.id(), actor, now());
		List<Long> panelIds = this.dashboards.panels(current.id()).stream().map(Panel::id).toList();
		if (version != current.version() || !this.dashboards.delete(current.id(), version)) {
			throw stale("Dashboard '" + slug + "'", version);
		}
		this.changes.record();
		Map<String, Object> details = current.definition().audited();
		details.put("panels", panelIds);
		this.audit.record(actor, "dashboard.delete", "dashboard", String.valueOf(current.id()), details);
	}

	@Transactional
	Panel addPanel(String slug, PanelRequest request) {
		Dashboard dashboard = current(slug);
		PanelDefinition definition = request.validated(this.validator, this::dataSourceExists, dashboard.parameters());
		String actor = actor();
		Instant now = now();
		this.dashboards.touch(dashboard.id(), actor, now);
		long id = this.dashboards.insertPanel(dashboard.id(), definition, now);
		this.changes.record();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("dashboard", slug);
		details.putAll(definition.audited());
		this.audit.record(actor, "panel.create", "panel", String.valueOf(id), details);
		return panel(id);
	}

	@Transactional
	Panel updatePanel(long id, PanelRequest request) {
		String actor = actor();
		Instant now = now();
		Panel current = locked(id, actor, now);
		PanelDefinition definition = request.validated(this.validator, this::dataSourceExists,
				dashboardOf(current).parameters(), Editing.class);
		long version = request.version();
		if (version != current.version() || !this.dashboards.updatePanel(id, version, definition, now)) {
			throw stale("Panel " + id, version);
		}
		this.changes.record();
		Map<String, Object> details = changes(current.definition().audited(), definition.audited());
		details.put("version", version + 1);
		this.audit.record(actor, "panel.update", "panel", String.valueOf(id), details);
		return panel(id);
	}

	@Transactional
	void deletePanel(long id, Long requestedVersion) {
		String actor = actor();
		Panel current = locked(id, actor, now());
		long version = requiredVersion(requestedVersion);
		if (version != current.version() || !this.dashboards.deletePanel(current, version)) {
			throw stale("Panel " + id, version);
		}
		this.changes.record();
		this.audit.record(actor, "panel.delete", "panel", String.valueOf(id), current.definition().audited());
	}

	/**
	 * Puts the panels in the order of {@code panelIds}, which must name exactly the dashboard's
	 * panels: a list that misses one added since, or names one removed since, is stale too.
	 */
	@Transactional
	Dashboard reorder(String slug, List<Long> panelIds, Long requestedVersion) {
		Dashboard current = current(slug);
		Map<String, String> problems = new LinkedHashMap<>();
		if (requestedVersion == null) {
			problems.put("version", Editing.VERSION_REQUIRED);
		}
		if (panelIds == null || panelIds.contains(null)) {
			problems.put("panelIds", "is required: the ids of all the dashboard's panels, in the new order");
		}
		else if (new HashSet<>(panelIds).size() != panelIds.size()) {
			problems.put("panelIds", "names a panel more than once");
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		long version = requestedVersion;
		String actor = actor();
		if (version != current.version() || !this.dashboards.nextVersion(current.id(), version, actor, now())) {
			throw stale("Dashboard '" + slug + "'", version);
		}
		// Read under the dashboard's lock, which every panel change takes first.
		List<Long> before = this.dashboards.panels(current.id()).stream().map(Panel::id).toList();
		if (!new HashSet<>(before).equals(new HashSet<>(panelIds))) {
			throw new EditConflict("The panels of dashboard '" + slug + "' are " + before
					+ ", not the ones in the new order " + panelIds + ": panels were added or removed since you"
					+ " loaded it; reload it and order them again.");
		}
		this.dashboards.reorder(current.id(), panelIds);
		this.changes.record();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("from", before);
		details.put("to", panelIds);
		details.put("version", version + 1);
		this.audit.record(actor, "dashboard.reorder", "dashboard", String.valueOf(current.id()), details);
		return current(slug);
	}

	/** The panel's dashboard as the database has it, read under the lock {@link #locked} took. */
	private Dashboard dashboardOf(Panel panel) {
		return this.dashboards.findById(panel.dashboardId())
			.orElseThrow(() -> notFound("dashboard of panel " + panel.id()));
	}

	private boolean dataSourceExists(long id) {
		return this.dataSources.find(id).isPresent();
	}

	/** The version the client loaded: a delete without one could remove a newer change. */
	private static long requiredVersion(Long version) {
		if (version == null) {
			throw new InvalidInput(Map.of("version", Editing.VERSION_REQUIRED));
		}
		return version;
	}

	private Panel panel(long id) {
		return this.dashboards.findPanel(id).orElseThrow(() -> notFound("panel " + id));
	}

	/**
	 * The panel, read again after locking its dashboard (see {@link Dashboards#touch}): a
	 * reorder that committed in between may have moved it.
	 */
	private Panel locked(long id, String actor, Instant now) {
		Panel panel = panel(id);
		Dashboard dashboard = this.dashboards.findById(panel.dashboardId()).orElseThrow(() -> notFound("panel " + id));
		AccessRules.requireEdit("panel " + id, dashboard.access());
		refuseIfProvisioned(dashboard);
		this.dashboards.touch(panel.dashboardId(), actor, now);
		return panel(id);
	}

	/** Truncated to what both databases store, so a change reads back exactly as written. */
	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** Who makes the change, for the audit log and {@code updated_by}. */
	static String actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return ANONYMOUS;
		}
		return authentication.getName();
	}

	/** The values that differ, each as {@code {from, to}}. */
	private static Map<String, Object> changes(Map<String, Object> before, Map<String, Object> after) {
		Map<String, Object> changed = new LinkedHashMap<>();
		after.forEach((field, value) -> {
			if (!Objects.equals(before.get(field), value)) {
				Map<String, Object> change = new LinkedHashMap<>();
				change.put("from", before.get(field));
				change.put("to", value);
				changed.put(field, change);
			}
		});
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changed", changed);
		return details;
	}

	private static EditConflict stale(String what, long version) {
		return new EditConflict(what + " was changed by somebody else since you loaded version " + version
				+ ": reload it, reapply your change and save again.");
	}

	private static ApiException notFound(String what) {
		return new ApiException(ErrorCode.NOT_FOUND, "There is no " + what + ".");
	}

}
