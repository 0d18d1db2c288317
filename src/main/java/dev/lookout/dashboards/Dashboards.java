package dev.lookout.dashboards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Dashboards and panels in the application database. Updates and deletes name the version
 * they expect and report whether a row matched, so the caller can tell a stale edit from a
 * successful one; nothing here overwrites without that check.
 */
@Repository
class Dashboards {

	/** Its own mapper: the stored options must not change shape with the web's JSON settings. */
	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String DASHBOARD_COLUMNS = "id, slug, title, description, variables, sharing, version,"
			+ " created_at, updated_at, updated_by, provisioned_from";

	private static final String PANEL_COLUMNS = "id, dashboard_id, position, title, data_source_id, sql, visualization,"
			+ " options, refresh_seconds, version, created_at, updated_at";

	private final JdbcClient jdbc;

	Dashboards(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Every dashboard with its panels, in the list's order: what the read model holds. Two
	 * statements, one per table, whatever the number of dashboards.
	 */
	List<Dashboard> all() {
		Map<Long, List<Panel>> panels = this.jdbc
			.sql("SELECT " + PANEL_COLUMNS + " FROM panel ORDER BY dashboard_id, position, id")
			.query(Dashboards::panel)
			.list()
			.stream()
			.collect(Collectors.groupingBy(Panel::dashboardId));
		return this.jdbc.sql("SELECT " + DASHBOARD_COLUMNS + " FROM dashboard ORDER BY LOWER(title), slug")
			.query(Dashboards::dashboard)
			.list()
			.stream()
			.map((dashboard) -> dashboard.withPanels(panels.getOrDefault(dashboard.id(), List.of())))
			.toList();
	}

	/** The dashboard as stored now, for a change to start from. */
	Optional<Dashboard> find(String slug) {
		return this.jdbc.sql("SELECT " + DASHBOARD_COLUMNS + " FROM dashboard WHERE slug = ?")
			.param(slug)
			.query(Dashboards::dashboard)
			.optional()
			// A second statement, not a nested one: a nested query would hold two pooled connections at once.
			.map((dashboard) -> dashboard.withPanels(panels(dashboard.id())));
	}

	/** The dashboard with id {@code id} as stored now, without its panels. */
	Optional<Dashboard> findById(long id) {
		return this.jdbc.sql("SELECT " + DASHBOARD_COLUMNS + " FROM dashboard WHERE id = ?")
			.param(id)
			.query(Dashboards::dashboard)
			.optional();
	}

	/** The version of all the definitions, which every change raises (see {@link #raiseDefinitionsVersion}). */
	long definitionsVersion() {
		return this.jdbc.sql("SELECT version FROM definitions_version WHERE id = 1").query(Long.class).single();
	}

	/**
	 * Raises the version of the definitions, in the transaction of a change: the row lock it takes
	 * orders the changes, so a reader that saw version n saw every change up to it.
	 */
	void raiseDefinitionsVersion() {
		this.jdbc.sql("UPDATE definitions_version SET version = version + 1 WHERE id = 1").update();
	}

	/** @throws SlugTaken when another dashboard has the slug */
	long insert(DashboardDefinition dashboard, String actor, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		try {
			this.jdbc.sql("INSERT INTO dashboard (slug, title, description, variables, sharing, version, created_at,"
					+ " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)")
				.params(dashboard.slug(), dashboard.title(), dashboard.description(), variables(dashboard),
						sharing(dashboard), timestamp(now), timestamp(now), actor)
				.update(key, "id");
		}
		catch (DuplicateKeyException ex) {
			// The slug is the table's only unique value besides the generated id.
			throw new SlugTaken(dashboard.slug());
		}
		return key.getKeyAs(Long.class);
	}

	/** Whether the dashboard had {@code version} and now has the definition's values. */
	boolean update(long id, long version, DashboardDefinition dashboard, String actor, Instant now) {
		return this.jdbc.sql("UPDATE dashboard SET title = ?, description = ?, variables = ?, sharing = ?,"
				+ " version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?")
			.params(dashboard.title(), dashboard.description(), variables(dashboard), sharing(dashboard),
					timestamp(now), actor, id, version)
			.update() == 1;
	}

	/**
	 * Names the file of the provisioning directory the dashboard now comes from ({@code null}: none),
	 * in the transaction that applied it.
	 */
	void provisionedFrom(long id, String file) {
		this.jdbc.sql("UPDATE dashboard SET provisioned_from = ? WHERE id = ?").params(file, id).update();
	}

	/** Whether the dashboard had {@code version} and now has the next one; for changes of its panel order. */
	boolean nextVersion(long id, long version, String actor, Instant now) {
		return this.jdbc.sql("UPDATE dashboard SET version = version + 1, updated_at = ?, updated_by = ?"
				+ " WHERE id = ? AND version = ?")
			.params(timestamp(now), actor, id, version)
			.update() == 1;
	}

	/**
	 * Records a change to one of the dashboard's panels. Every panel change begins here: the
	 * row lock it takes serializes changes to one dashboard's panels, so positions stay dense.
	 */
	void touch(long id, String actor, Instant now) {
		this.jdbc.sql("UPDATE dashboard SET updated_at = ?, updated_by = ? WHERE id = ?")
			.params(timestamp(now), actor, id)
			.update();
	}

	/** Whether the dashboard had {@code version} and is gone, its panels with it. */
	boolean delete(long id, long version) {
		return this.jdbc.sql("DELETE FROM dashboard WHERE id = ? AND version = ?").params(id, version).update() == 1;
	}

	List<Panel> panels(long dashboardId) {
		return this.jdbc.sql("SELECT " + PANEL_COLUMNS + " FROM panel WHERE dashboard_id = ? ORDER BY position, id")
			.param(dashboardId)
			.query(Dashboards::panel)
			.list();
	}

	Optional<Panel> findPanel(long id) {
		return this.jdbc.sql("SELECT " + PANEL_COLUMNS + " FROM panel WHERE id = ?")
			.param(id)
			.query(Dashboards::panel)
			.optional();
	}

	/** Adds the panel after the dashboard's last one. */
	long insertPanel(long dashboardId, PanelDefinition panel, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO panel (dashboard_id, position, title, data_source_id, sql, visualization, options,"
				+ " refresh_seconds, version, created_at, updated_at)"
				+ " SELECT ?, COUNT(*), ?, ?, ?, ?, ?, ?, 1, ?, ? FROM panel WHERE dashboard_id = ?")
			.params(dashboardId, panel.title(), panel.dataSourceId(), panel.sql(), panel.visualization().id(),
					json.writeValueAsString(panel.options()), panel.refreshSeconds(), timestamp(now), timestamp(now),
					dashboardId)
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

	/** Whether the panel had {@code version} and now has the definition. */
	boolean updatePanel(long id, long version, PanelDefinition panel, Instant now) {
		return this.jdbc.sql("UPDATE panel SET title = ?, data_source_id = ?, sql = ?, visualization = ?, options = ?,"
				+ " refresh_seconds = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
			.params(panel.title(), panel.dataSourceId(), panel.sql(), panel.visualization().id(),
					json.writeValueAsString(panel.options()), panel.refreshSeconds(), timestamp(now), id, version)
			.update() == 1;
	}

	/** Whether the panel had {@code version} and is gone; the panels after it move up. */
	boolean deletePanel(Panel panel, long version) {
		if (this.jdbc.sql("DELETE FROM panel WHERE id = ? AND version = ?").params(panel.id(), version).update() != 1) {
			return false;
		}
		this.jdbc.sql("UPDATE panel SET position = position - 1 WHERE dashboard_id = ? AND position > ?")
			.params(panel.dashboardId(), panel.position())
			.update();
		return true;
	}

	/** Puts the dashboard's panels in the order given; the ids must be exactly its panels. */
	void reorder(long dashboardId, List<Long> panelIds) {
		for (int position = 0; position < panelIds.size(); position++) {
			this.jdbc.sql("UPDATE panel SET position = ? WHERE id = ? AND dashboard_id = ?")
				.params(position, panelIds.get(position), dashboardId)
				.update();
		}
	}

	private static Dashboard dashboard(ResultSet rs, int row) throws SQLException {
		String stored = rs.getString("variables");
		StoredVariables variables = (stored != null) ? json.readValue(stored, StoredVariables.class)
				: new StoredVariables(List.of(), null);
		String sharing = rs.getString("sharing");
		return new Dashboard(rs.getLong("id"), rs.getString("slug"), rs.getString("title"), rs.getString("description"),
				variables.variables(), variables.timeRange(),
				(sharing != null) ? json.readValue(sharing, Sharing.class) : Sharing.ROLES, rs.getLong("version"),
				instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("updated_by"),
				rs.getString("provisioned_from"), List.of());
	}

	/** The column's JSON; {@code NULL} for a dashboard left to the roles. */
	private static String sharing(DashboardDefinition dashboard) {
		return dashboard.access().restricted() ? json.writeValueAsString(dashboard.access()) : null;
	}

	/** The column's JSON; {@code NULL} for a dashboard without variables or time range. */
	private static String variables(DashboardDefinition dashboard) {
		if (dashboard.variables().isEmpty() && dashboard.timeRange() == null) {
			return null;
		}
		return json.writeValueAsString(new StoredVariables(dashboard.variables(), dashboard.timeRange()));
	}

	private static Panel panel(ResultSet rs, int row) throws SQLException {
		return new Panel(rs.getLong("id"), rs.getLong("dashboard_id"), rs.getInt("position"), rs.getString("title"),
				rs.getLong("data_source_id"), rs.getString("sql"),
				Visualization.of(rs.getString("visualization")).orElseThrow(),
				json.readValue(rs.getString("options"), PanelOptions.class), rs.getInt("refresh_seconds"),
				rs.getLong("version"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	/** The form of the {@code variables} column. */
	private record StoredVariables(List<Variable> variables, TimeRange timeRange) {

		StoredVariables {
			variables = (variables != null) ? variables : List.of();
		}

	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
