package dev.lookout.dashboards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

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

	private static final String DASHBOARD_COLUMNS = "id, slug, title, description, version, created_at, updated_at, updated_by";

	private static final String PANEL_COLUMNS = "id, dashboard_id, position, title, data_source_id, sql, visualization,"
			+ " options, refresh_seconds, version, created_at, updated_at";

	private final JdbcClient jdbc;

	Dashboards(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<DashboardSummary> summaries() {
		return this.jdbc.sql("SELECT d.id, d.slug, d.title, d.description, d.version, d.updated_at, d.updated_by,"
				+ " (SELECT COUNT(*) FROM panel p WHERE p.dashboard_id = d.id) AS panel_count"
				+ " FROM dashboard d ORDER BY LOWER(d.title), d.slug")
			.query((rs, row) -> new DashboardSummary(rs.getLong("id"), rs.getString("slug"), rs.getString("title"),
					rs.getString("description"), rs.getInt("panel_count"), rs.getLong("version"),
					instant(rs, "updated_at"), rs.getString("updated_by")))
			.list();
	}

	Optional<Dashboard> find(String slug) {
		return this.jdbc.sql("SELECT " + DASHBOARD_COLUMNS + " FROM dashboard WHERE slug = ?")
			.param(slug)
			.query((rs, row) -> new Dashboard(rs.getLong("id"), rs.getString("slug"), rs.getString("title"),
					rs.getString("description"), rs.getLong("version"), instant(rs, "created_at"),
					instant(rs, "updated_at"), rs.getString("updated_by"), List.of()))
			.optional()
			// A second statement, not a nested one: a nested query would hold two pooled connections at once.
			.map((dashboard) -> new Dashboard(dashboard.id(), dashboard.slug(), dashboard.title(),
					dashboard.description(), dashboard.version(), dashboard.createdAt(), dashboard.updatedAt(),
					dashboard.updatedBy(), panels(dashboard.id())));
	}

	/** @throws SlugTaken when another dashboard has the slug */
	long insert(DashboardDefinition dashboard, String actor, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		try {
			this.jdbc.sql("INSERT INTO dashboard (slug, title, description, version, created_at, updated_at, updated_by)"
					+ " VALUES (?, ?, ?, 1, ?, ?, ?)")
				.params(dashboard.slug(), dashboard.title(), dashboard.description(), timestamp(now), timestamp(now),
						actor)
				.update(key, "id");
		}
		catch (DuplicateKeyException ex) {
			// The slug is the table's only unique value besides the generated id.
			throw new SlugTaken(dashboard.slug());
		}
		return key.getKeyAs(Long.class);
	}

	/** Whether the dashboard had {@code version} and now has the definition's title and description. */
	boolean update(long id, long version, DashboardDefinition dashboard, String actor, Instant now) {
		return this.jdbc.sql("UPDATE dashboard SET title = ?, description = ?, version = version + 1,"
				+ " updated_at = ?, updated_by = ? WHERE id = ? AND version = ?")
			.params(dashboard.title(), dashboard.description(), timestamp(now), actor, id, version)
			.update() == 1;
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

	List<PanelSpec> panelSpecs() {
		return this.jdbc.sql("SELECT p.id, p.dashboard_id, d.slug, p.data_source_id, p.sql, p.refresh_seconds, p.version"
				+ " FROM panel p JOIN dashboard d ON d.id = p.dashboard_id ORDER BY p.id")
			.query(Dashboards::panelSpec)
			.list();
	}

	Optional<PanelSpec> panelSpec(long id) {
		return this.jdbc.sql("SELECT p.id, p.dashboard_id, d.slug, p.data_source_id, p.sql, p.refresh_seconds, p.version"
				+ " FROM panel p JOIN dashboard d ON d.id = p.dashboard_id WHERE p.id = ?")
			.param(id)
			.query(Dashboards::panelSpec)
			.optional();
	}

	private static Panel panel(ResultSet rs, int row) throws SQLException {
		return new Panel(rs.getLong("id"), rs.getLong("dashboard_id"), rs.getInt("position"), rs.getString("title"),
				rs.getLong("data_source_id"), rs.getString("sql"),
				Visualization.of(rs.getString("visualization")).orElseThrow(),
				json.readValue(rs.getString("options"), PanelOptions.class), rs.getInt("refresh_seconds"),
				rs.getLong("version"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static PanelSpec panelSpec(ResultSet rs, int row) throws SQLException {
		return new PanelSpec(rs.getLong("id"), rs.getLong("dashboard_id"), rs.getString("slug"),
				rs.getLong("data_source_id"), rs.getString("sql"), Duration.ofSeconds(rs.getInt("refresh_seconds")),
				rs.getLong("version"));
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
