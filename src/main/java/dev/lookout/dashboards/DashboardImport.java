package dev.lookout.dashboards;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.lookout.audit.AuditLog;
import dev.lookout.datasource.DataSourceCatalog;
import dev.lookout.variables.Variables;
import dev.lookout.web.EditConflict;
import jakarta.validation.Validator;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a dashboard file, all of it in one transaction or nothing: a new slug is created with
 * its panels in order; a stored dashboard that already has the file's definition is left alone
 * (no version, no audit entry); one that differs is updated, its panels replaced by position
 * (updated, added, the extra ones deleted). Held to the same rules as the editor's changes, each
 * problem reported with the file's line. An import through the API honours the file's
 * {@code version} (the conflict rule) and leaves provisioned dashboards to their files; the
 * provisioning directory's files always win, and mark what they applied as theirs.
 */
@Service
class DashboardImport {

	private final Dashboards dashboards;

	private final DefinitionsChanges changes;

	private final DataSourceCatalog dataSources;

	private final AuditLog audit;

	private final Validator validator;

	private final Clock clock;

	DashboardImport(Dashboards dashboards, DefinitionsChanges changes, DataSourceCatalog dataSources, AuditLog audit,
			Validator validator, Clock clock) {
		this.dashboards = dashboards;
		this.changes = changes;
		this.dataSources = dataSources;
		this.audit = audit;
		this.validator = validator;
		this.clock = clock;
	}

	/** What applying a file did. */
	enum Outcome {

		CREATED, UPDATED, UNCHANGED;

		String json() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The outcome and the dashboard as stored after it. */
	record Imported(Outcome outcome, Dashboard dashboard) {
	}

	/**
	 * @param provisionedFrom the provisioning directory's file name, or {@code null} for an import
	 * through the API
	 * @throws FileRefused when the definition breaks a rule
	 * @throws EditConflict when an API import names a version the stored dashboard no longer has
	 */
	@Transactional
	Imported apply(DashboardFile file, String provisionedFrom) {
		YamlDocument source = file.source();
		DashboardDefinition definition = checked(source, "",
				() -> file.dashboard().validatedNew(this.validator, this::dataSourceExists));
		Variables parameters = new Variables(definition.variables(), definition.timeRange());
		List<PanelDefinition> panels = new ArrayList<>();
		for (int i = 0; i < file.panels().size(); i++) {
			PanelRequest panel = file.panels().get(i);
			panels.add(checked(source, "panels[" + i + "].",
					() -> panel.validated(this.validator, this::dataSourceExists, parameters)));
		}
		String actor = DashboardService.actor();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Dashboard current = this.dashboards.find(definition.slug()).orElse(null);
		if (current == null) {
			long id = this.dashboards.insert(definition, actor, now);
			panels.forEach((panel) -> this.dashboards.insertPanel(id, panel, now));
			if (provisionedFrom != null) {
				this.dashboards.provisionedFrom(id, provisionedFrom);
			}
			return recorded(Outcome.CREATED, id, definition.slug(), actor, file, Map.of("panels", panels.size()));
		}
		AccessRules.requireEdit("dashboard '" + definition.slug() + "'", current.access());
		boolean same = current.definition().equals(definition)
				&& current.panels().stream().map(Panel::definition).toList().equals(panels);
		if (same && (provisionedFrom == null || provisionedFrom.equals(current.provisionedFrom()))) {
			return new Imported(Outcome.UNCHANGED, current);
		}
		if (provisionedFrom == null) {
			DashboardService.refuseIfProvisioned(current);
			if (file.version() != null && file.version() != current.version()) {
				throw stale(current, file.version());
			}
		}
		// Locked first, as every panel change is: the panels read below stay as read until the commit.
		this.dashboards.touch(current.id(), actor, now);
		if (!this.dashboards.update(current.id(), current.version(), definition, actor, now)) {
			throw stale(current, current.version());
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("version", current.version() + 1);
		details.put("changed", changedFields(current.definition().audited(), definition.audited()));
		details.put("panels", replacePanels(current.id(), panels, now));
		if (provisionedFrom != null) {
			this.dashboards.provisionedFrom(current.id(), provisionedFrom);
		}
		return recorded(Outcome.UPDATED, current.id(), definition.slug(), actor, file, details);
	}

	/** Updates the panels by position, adds the new ones and deletes the extra ones; what it did, by count. */
	private Map<String, Integer> replacePanels(long dashboardId, List<PanelDefinition> panels, Instant now) {
		List<Panel> before = this.dashboards.panels(dashboardId);
		int updated = 0;
		int added = 0;
		for (int i = 0; i < panels.size(); i++) {
			if (i >= before.size()) {
				this.dashboards.insertPanel(dashboardId, panels.get(i), now);
				added++;
			}
			else if (!before.get(i).definition().equals(panels.get(i))) {
				Panel panel = before.get(i);
				this.dashboards.updatePanel(panel.id(), panel.version(), panels.get(i), now);
				updated++;
			}
		}
		// From the last: each delete moves the panels after it up.
		for (int i = before.size() - 1; i >= panels.size(); i--) {
			this.dashboards.deletePanel(before.get(i), before.get(i).version());
		}
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("updated", updated);
		counts.put("added", added);
		counts.put("removed", Math.max(0, before.size() - panels.size()));
		return counts;
	}

	private Imported recorded(Outcome outcome, long id, String slug, String actor, DashboardFile file,
			Map<String, ?> more) {
		this.changes.record();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("slug", slug);
		details.put("outcome", outcome.json());
		details.put("file", file.name());
		details.putAll(more);
		this.audit.record(actor, "dashboard.import", "dashboard", String.valueOf(id), details);
		return new Imported(outcome, this.dashboards.find(slug).orElseThrow());
	}

	/** The rule's result; its problems, if any, as a refusal with the line of the first one. */
	private static <T> T checked(YamlDocument source, String prefix, Supplier<T> rule) {
		try {
			return rule.get();
		}
		catch (InvalidInput ex) {
			Map.Entry<String, String> first = ex.fields().entrySet().iterator().next();
			String field = fileField(prefix + first.getKey());
			String others = ex.fields()
				.entrySet()
				.stream()
				.skip(1)
				.map((problem) -> fileField(prefix + problem.getKey()) + " " + problem.getValue())
				.collect(Collectors.joining("; "));
			throw source.refuse(field, first.getValue() + (others.isEmpty() ? "" : "; also " + others));
		}
	}

	/** The file names data sources by name, where the API has their ids. */
	private static String fileField(String field) {
		return field.replace("dataSourceId", "dataSource");
	}

	private boolean dataSourceExists(long id) {
		return this.dataSources.find(id).isPresent();
	}

	private static Map<String, Object> changedFields(Map<String, Object> before, Map<String, Object> after) {
		Map<String, Object> changed = new LinkedHashMap<>();
		after.forEach((field, value) -> {
			if (!Objects.equals(before.get(field), value)) {
				changed.put(field, Map.of("from", String.valueOf(before.get(field)), "to", String.valueOf(value)));
			}
		});
		return changed;
	}

	private static EditConflict stale(Dashboard current, long version) {
		return new EditConflict("Dashboard '" + current.slug() + "' was changed since version " + version
				+ " the file was exported from (it is at version " + current.version()
				+ " now): export it again, reapply your change and import that.");
	}

}
