package dev.lookout.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.refresh.PanelResults;
import dev.lookout.variables.InvalidValues;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Checks a rule as asked for, into the rule to store: every field's problem named (400
 * {@code VALIDATION_FAILED} with all of them, {@link InvalidRule}), the panel one the user may see,
 * the view's values valid for it, the channels it names existing.
 */
@Component
class AlertRuleChecks {

	static final int MAX_NAME = 100;

	static final int MAX_SECONDS = 86_400;

	static final int MAX_STALE_SECONDS = 7 * 86_400;

	static final int MAX_CHANNELS = 20;

	/** What a result without data may mean; the first is the default. */
	static final List<AlertState> ON_NO_DATA = List.of(AlertState.NO_DATA, AlertState.ERROR, AlertState.OK);

	/** What a failing query may mean; the first is the default. */
	static final List<AlertState> ON_ERROR = List.of(AlertState.ERROR, AlertState.NO_DATA);

	private final Panels panels;

	private final PanelResults results;

	private final AlertChannels channels;

	AlertRuleChecks(Panels panels, PanelResults results, AlertChannels channels) {
		this.panels = panels;
		this.results = results;
		this.channels = channels;
	}

	AlertRule checked(AlertRuleRequest request, long id, Instant createdAt, String createdBy, Instant now,
			boolean change) {
		Map<String, String> problems = new LinkedHashMap<>();
		String name = (request.name() != null) ? request.name().strip() : "";
		if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
			problems.put("name", "give 1 to " + MAX_NAME + " characters, without control characters");
		}
		Map<String, List<String>> view = (request.view() != null) ? request.view() : Map.of();
		if (request.panelId() == null) {
			problems.put("panelId", "is required");
		}
		else {
			Optional<PanelSpec> panel = this.panels.find(request.panelId()).filter(PanelSpec::visible);
			if (panel.isEmpty()) {
				problems.put("panelId", "there is no panel " + request.panelId());
			}
			else if (view.values().stream().anyMatch((values) -> values == null)) {
				problems.put("view", "give a list of values for each name");
			}
			else {
				try {
					this.results.watchView(request.panelId(), view);
				}
				catch (InvalidValues ex) {
					ex.fields().forEach((field, message) -> problems.put("view." + field, message));
				}
				catch (ApiException ex) {
					if (ex.code() == ErrorCode.VALIDATION_FAILED || ex.code() == ErrorCode.NOT_FOUND) {
						problems.put("view", ex.getMessage());
					}
					else {
						throw ex;
					}
				}
			}
		}
		Condition condition = condition(request.condition(), problems);
		int forSeconds = seconds("forSeconds", request.forSeconds(), problems);
		int resolveAfter = seconds("resolveAfterSeconds", request.resolveAfterSeconds(), problems);
		AlertState onNoData = choice("onNoData", request.onNoData(), ON_NO_DATA, problems);
		AlertState onError = choice("onError", request.onError(), ON_ERROR, problems);
		List<Long> channels = (request.channelIds() != null) ? request.channelIds() : List.of();
		if (channels.size() > MAX_CHANNELS || channels.stream().anyMatch((channel) -> channel == null || channel < 1)) {
			problems.put("channelIds", "give at most " + MAX_CHANNELS + " channel ids, each a positive number");
		}
		else {
			unknownChannels(channels).ifPresent((problem) -> problems.put("channelIds", problem));
		}
		if (change && request.version() == null) {
			problems.put("version", "is required: the version you read");
		}
		throwIfAny(problems);
		return new AlertRule(id, name, request.panelId(), view, condition, forSeconds, resolveAfter, onNoData, onError,
				channels.stream().distinct().toList(), null, 1, createdAt, createdBy, now, createdBy);
	}

	/** A rule naming a channel that does not exist would notify nobody while its author believes otherwise. */
	private Optional<String> unknownChannels(List<Long> named) {
		if (named.isEmpty()) {
			return Optional.empty();
		}
		Set<Long> existing = this.channels.choices()
			.stream()
			.map(AlertChannels.Choice::id)
			.collect(Collectors.toSet());
		List<String> unknown = named.stream()
			.filter((id) -> !existing.contains(id))
			.distinct()
			.map(String::valueOf)
			.toList();
		return unknown.isEmpty() ? Optional.empty()
				: Optional.of("names no channel: " + String.join(", ", unknown) + " (GET /api/alert-channels lists them)");
	}

	private static Condition condition(AlertRuleRequest.ConditionRequest request, Map<String, String> problems) {
		if (request == null || request.type() == null) {
			problems.put("condition.type", "is required: one of VALUE, ROW_COUNT, ANY_ROW, STALE_FOR, QUERY_FAILING");
			return null;
		}
		Condition.Type type;
		try {
			type = Condition.Type.valueOf(request.type().strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			problems.put("condition.type", "is none of VALUE, ROW_COUNT, ANY_ROW, STALE_FOR, QUERY_FAILING");
			return null;
		}
		Condition.Match match = Condition.Match.ANY;
		if (type == Condition.Type.VALUE) {
			if (request.column() == null || request.column().isBlank() || request.column().length() > 200) {
				problems.put("condition.column", "is required: the name of a value column (at most 200 characters)");
			}
			if (request.match() != null) {
				try {
					match = Condition.Match.valueOf(request.match().strip().toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					problems.put("condition.match", "is none of ANY, ALL");
				}
			}
		}
		if (type == Condition.Type.VALUE || type == Condition.Type.ROW_COUNT) {
			if (!Condition.isOperator(request.op())) {
				problems.put("condition.op", "is required: one of " + String.join(", ", Condition.OPERATORS));
			}
			if (request.threshold() == null) {
				problems.put("condition.threshold", "is required: a number");
			}
		}
		if (type == Condition.Type.STALE_FOR && (request.staleForSeconds() == null || request.staleForSeconds() < 1
				|| request.staleForSeconds() > MAX_STALE_SECONDS)) {
			problems.put("condition.staleForSeconds", "is required: 1 to " + MAX_STALE_SECONDS + " seconds");
		}
		boolean value = type == Condition.Type.VALUE;
		boolean compared = value || type == Condition.Type.ROW_COUNT;
		return new Condition(type, value ? request.column() : null, compared ? request.op() : null,
				compared ? request.threshold() : null, match,
				(type == Condition.Type.STALE_FOR) ? request.staleForSeconds() : null);
	}

	private static int seconds(String field, Integer value, Map<String, String> problems) {
		if (value == null) {
			return 0;
		}
		if (value < 0 || value > MAX_SECONDS) {
			problems.put(field, "give 0 to " + MAX_SECONDS + " seconds");
			return 0;
		}
		return value;
	}

	private static AlertState choice(String field, String value, List<AlertState> allowed,
			Map<String, String> problems) {
		AlertState otherwise = allowed.get(0);
		if (value == null) {
			return otherwise;
		}
		for (AlertState state : allowed) {
			if (state.name().equalsIgnoreCase(value.strip())) {
				return state;
			}
		}
		problems.put(field, "is none of " + allowed.stream().map(Enum::name).collect(Collectors.joining(", ")));
		return otherwise;
	}

	static void throwIfAny(Map<String, String> problems) {
		if (!problems.isEmpty()) {
			throw new InvalidRule(problems);
		}
	}

}
