package dev.lookout.notifications;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.alerts.AlertTransitioned;
import tools.jackson.databind.json.JsonMapper;

/** The JSON document a webhook receives for a transition, stored in the outbox as it will be sent. */
final class NotificationPayload {

	private static final JsonMapper json = JsonMapper.builder().build();

	private NotificationPayload() {
	}

	static String of(AlertTransitioned transition) {
		return write(document(transition.idempotencyKey(), transition.ruleId(), transition.ruleName(),
				transition.panelId(), transition.dashboardSlug(), transition.view(), transition.from(), transition.to(),
				transition.value(), transition.at().toString(), false));
	}

	static Map<String, Object> document(String key, long ruleId, String ruleName, long panelId, String dashboard,
			Map<String, ?> view, String from, String to, String value, String at, boolean test) {
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("id", ruleId);
		rule.put("name", ruleName);
		Map<String, Object> panel = new LinkedHashMap<>();
		panel.put("id", panelId);
		panel.put("dashboard", dashboard);
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("idempotencyKey", key);
		document.put("rule", rule);
		document.put("panel", panel);
		document.put("view", view);
		document.put("from", from);
		document.put("to", to);
		document.put("value", value);
		document.put("at", at);
		if (test) {
			document.put("test", true);
		}
		return document;
	}

	static String write(Map<String, Object> document) {
		return json.writeValueAsString(document);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> read(String payload) {
		return json.readValue(payload, Map.class);
	}

}
