package dev.lookout.realtime;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.alerts.AlertTransitioned;
import tools.jackson.databind.json.JsonMapper;

/**
 * An alert rule's new state, as the {@code alert} event carries it to the viewers of its
 * dashboard and as instances tell each other over Redis: which instance stored the transition,
 * which dashboard, and the event's data, {@code {"ruleId", "panelId", "state", "since", "value",
 * "ruleName"}} (small: a rule's name and a short value). Encoded as {@code <instance> <slug> <data>}.
 */
record AlertNotice(String instanceId, String dashboardSlug, String json) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** The notice of a stored transition, from instance {@code instanceId} ("" for this one). */
	static AlertNotice of(String instanceId, AlertTransitioned transition) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ruleId", transition.ruleId());
		data.put("panelId", transition.panelId());
		data.put("state", transition.to());
		data.put("since", (transition.at() != null) ? transition.at().toString() : null);
		data.put("value", transition.value());
		data.put("ruleName", transition.ruleName());
		return new AlertNotice(instanceId, transition.dashboardSlug(), MAPPER.writeValueAsString(data));
	}

	/** The event's data, as the wire has it. */
	byte[] data() {
		return this.json.getBytes(StandardCharsets.UTF_8);
	}

	byte[] encode() {
		return (this.instanceId + " " + this.dashboardSlug + " " + this.json).getBytes(StandardCharsets.UTF_8);
	}

	/** The notice a message carries; {@code null} for one that is not a notice. */
	static AlertNotice decode(byte[] message) {
		String[] parts = new String(message, StandardCharsets.UTF_8).split(" ", 3);
		if (parts.length != 3 || parts[1].isEmpty() || !parts[2].startsWith("{")) {
			return null;
		}
		return new AlertNotice(parts[0], parts[1], parts[2]);
	}

}
