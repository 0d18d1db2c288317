package dev.lookout.alerts;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The tables {@code alert_rule}, {@code alert_state} and {@code alert_transition}. */
@Repository
class AlertRules {

	/** A stored transition. */
	record Transition(long id, long ruleId, String from, String to, String value, Instant at) {

	}

	private static final String COLUMNS = "id, name, panel_id, view_values, condition_json, for_seconds,"
			+ " resolve_after_seconds, on_no_data, on_error, channel_ids, silenced_until, version, created_at,"
			+ " created_by, updated_at, updated_by";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	AlertRules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(AlertRule rule) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO alert_rule (name, panel_id, view_values, condition_json, for_seconds,"
				+ " resolve_after_seconds, on_no_data, on_error, channel_ids, version, created_at, created_by,"
				+ " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)")
			.params(rule.name(), rule.panelId(), json.writeValueAsString(rule.view()), condition(rule.condition()),
					rule.forSeconds(), rule.resolveAfterSeconds(), rule.onNoData().name(), rule.onError().name(),
					json.writeValueAsString(rule.channelIds()), utc(rule.createdAt()), rule.createdBy(),
					utc(rule.updatedAt()), rule.updatedBy())
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

	/** Whether the rule had {@code rule.version()} and now has the rule's values (silence untouched). */
	boolean update(AlertRule rule) {
		return this.jdbc.sql("UPDATE alert_rule SET name = ?, panel_id = ?, view_values = ?, condition_json = ?,"
				+ " for_seconds = ?, resolve_after_seconds = ?, on_no_data = ?, on_error = ?, channel_ids = ?,"
				+ " version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?")
			.params(rule.name(), rule.panelId(), json.writeValueAsString(rule.view()), condition(rule.condition()),
					rule.forSeconds(), rule.resolveAfterSeconds(), rule.onNoData().name(), rule.onError().name(),
					json.writeValueAsString(rule.channelIds()), utc(rule.updatedAt()), rule.updatedBy(), rule.id(),
					rule.version())
			.update() == 1;
	}

	boolean delete(long id, long version) {
		return this.jdbc.sql("DELETE FROM alert_rule WHERE id = ? AND version = ?").params(id, version).update() == 1;
	}

	/** Silences (or with null unsilences) a rule; the version stays, so a silence never conflicts with an edit. */
	boolean silence(long id, Instant until, String actor, Instant now) {
		return this.jdbc.sql("UPDATE alert_rule SET silenced_until = ?, updated_at = ?, updated_by = ? WHERE id = ?")
			.params(utc(until), utc(now), actor, id)
			.update() == 1;
	}

	Optional<AlertRule> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE id = ?").param(id).query(AlertRules::rule)
			.optional();
	}

	List<AlertRule> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM alert_rule ORDER BY name, id").query(AlertRules::rule).list();
	}

	/** Where each rule stands, by rule id; a rule never evaluated has no entry. */
	Map<Long, Standing> standings() {
		Map<Long, Standing> standings = new HashMap<>();
		this.jdbc.sql("SELECT rule_id, state, since, clear_since, last_value FROM alert_state")
			.query((rs) -> {
				standings.put(rs.getLong("rule_id"), standing(rs));
			});
		return standings;
	}

	/** Where the given rules stand. */
	Map<Long, Standing> standings(List<Long> ruleIds) {
		if (ruleIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Standing> standings = new HashMap<>();
		this.jdbc.sql("SELECT rule_id, state, since, clear_since, last_value FROM alert_state WHERE rule_id IN (:ids)")
			.param("ids", ruleIds)
			.query((rs) -> {
				standings.put(rs.getLong("rule_id"), standing(rs));
			});
		return standings;
	}

	void saveStanding(long ruleId, Standing standing, Instant evaluatedAt) {
		String value = shortened(standing.value());
		int updated = this.jdbc.sql("UPDATE alert_state SET state = ?, since = ?, clear_since = ?, last_value = ?,"
				+ " evaluated_at = ? WHERE rule_id = ?")
			.params(standing.state().name(), utc(standing.since()), utc(standing.clearSince()), value,
					utc(evaluatedAt), ruleId)
			.update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO alert_state (rule_id, state, since, clear_since, last_value, evaluated_at)"
					+ " VALUES (?, ?, ?, ?, ?, ?)")
				.params(ruleId, standing.state().name(), utc(standing.since()), utc(standing.clearSince()), value,
						utc(evaluatedAt))
				.update();
		}
	}

	/** Whether the rule still exists (a transition of a rule deleted meanwhile is not stored). */
	boolean exists(long ruleId) {
		return this.jdbc.sql("SELECT count(*) FROM alert_rule WHERE id = ?").param(ruleId).query(Long.class).single() > 0;
	}

	/** Whether a rule of that name exists (names are not unique: this is for provisioning, which goes by name). */
	boolean existsNamed(String name) {
		return this.jdbc.sql("SELECT count(*) FROM alert_rule WHERE name = ?").param(name).query(Long.class).single() > 0;
	}

	long insertTransition(long ruleId, AlertState from, AlertState to, String value, Instant at) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO alert_transition (rule_id, from_state, to_state, transition_value, occurred_at)"
				+ " VALUES (?, ?, ?, ?, ?)")
			.params(ruleId, from.name(), to.name(), shortened(value), utc(at))
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

	/** A rule's last {@code limit} transitions, newest first. */
	List<Transition> transitions(long ruleId, int limit) {
		return this.jdbc.sql("SELECT id, rule_id, from_state, to_state, transition_value, occurred_at"
				+ " FROM alert_transition WHERE rule_id = ? ORDER BY id DESC LIMIT ?")
			.params(ruleId, limit)
			.query(AlertRules::transition)
			.list();
	}

	/** The last {@code limit} transitions of any rule, newest first. */
	List<Transition> recentTransitions(int limit) {
		return this.jdbc.sql("SELECT id, rule_id, from_state, to_state, transition_value, occurred_at"
				+ " FROM alert_transition ORDER BY id DESC LIMIT ?")
			.param(limit)
			.query(AlertRules::transition)
			.list();
	}

	private static Transition transition(ResultSet rs, int row) throws SQLException {
		return new Transition(rs.getLong("id"), rs.getLong("rule_id"), rs.getString("from_state"),
				rs.getString("to_state"), rs.getString("transition_value"), instant(rs, "occurred_at"));
	}

	private static Standing standing(ResultSet rs) throws SQLException {
		return new Standing(AlertState.valueOf(rs.getString("state")), instant(rs, "since"),
				instant(rs, "clear_since"), rs.getString("last_value"));
	}

	private static AlertRule rule(ResultSet rs, int row) throws SQLException {
		Map<String, List<String>> view = json.readValue(rs.getString("view_values"),
				new TypeReference<LinkedHashMap<String, List<String>>>() {
				});
		List<Long> channels = json.readValue(rs.getString("channel_ids"), new TypeReference<List<Long>>() {
		});
		return new AlertRule(rs.getLong("id"), rs.getString("name"), rs.getLong("panel_id"), view,
				condition(rs.getString("condition_json")), rs.getInt("for_seconds"), rs.getInt("resolve_after_seconds"),
				AlertState.valueOf(rs.getString("on_no_data")), AlertState.valueOf(rs.getString("on_error")), channels,
				instant(rs, "silenced_until"), rs.getLong("version"), instant(rs, "created_at"),
				rs.getString("created_by"), instant(rs, "updated_at"), rs.getString("updated_by"));
	}

	static String condition(Condition condition) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("type", condition.type().name());
		document.put("column", condition.column());
		document.put("op", condition.op());
		document.put("threshold", (condition.threshold() != null) ? condition.threshold().toPlainString() : null);
		document.put("match", condition.match().name());
		document.put("staleForSeconds", condition.staleForSeconds());
		return json.writeValueAsString(document);
	}

	static Condition condition(String text) {
		JsonNode document = json.readTree(text);
		JsonNode threshold = document.path("threshold");
		JsonNode staleFor = document.path("staleForSeconds");
		return new Condition(Condition.Type.valueOf(document.path("type").asString()), text(document.path("column")),
				text(document.path("op")), threshold.isNull() || threshold.isMissingNode() ? null
						: new BigDecimal(threshold.asString()),
				Condition.Match.valueOf(document.path("match").asString("ANY")),
				staleFor.isNull() || staleFor.isMissingNode() ? null : staleFor.asLong());
	}

	private static String text(JsonNode node) {
		return (node.isNull() || node.isMissingNode()) ? null : node.asString();
	}

	private static String shortened(String value) {
		String text = (value != null) ? value : "";
		return (text.length() > 200) ? text.substring(0, 199) + "…" : text;
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
