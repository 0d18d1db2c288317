package dev.lookout.alerts;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lookout.variables.Variable;
import dev.lookout.variables.Variables;

/**
 * The rule form's fields as typed, so that a refused form comes back as it was: numbers as text (a
 * field that is no number is named here, where the API's JSON parser would refuse it), the view as
 * one text per parameter of the panel's dashboard (empty: its default; several values of a
 * multi-valued variable separated by commas), and the dashboard whose panels the form offers.
 */
record AlertRuleForm(String name, String dashboard, Long panelId, Map<String, String> view, String type,
		String column, String op, String threshold, String match, String staleForSeconds, String forSeconds,
		String resolveAfterSeconds, String onNoData, String onError, List<Long> channelIds, Long version) {

	AlertRuleForm {
		view = (view != null) ? view : Map.of();
		channelIds = (channelIds != null) ? channelIds : List.of();
	}

	/** A new rule's form: on {@code dashboard} (null: the first the user may change), checking a value, each choice at its default. */
	static AlertRuleForm newRule(String dashboard) {
		return new AlertRuleForm("", dashboard, null, Map.of(), Condition.Type.VALUE.name(), "", null, "", null, "",
				"0", "0", null, null, List.of(), null);
	}

	static AlertRuleForm of(AlertRuleView rule) {
		Map<String, String> view = new LinkedHashMap<>();
		rule.view().forEach((parameter, values) -> view.put(parameter, String.join(", ", values)));
		Condition condition = rule.condition();
		return new AlertRuleForm(rule.name(), rule.dashboardSlug(), rule.panelId(), view, condition.type().name(),
				condition.column(), condition.op(),
				(condition.threshold() != null) ? condition.threshold().toPlainString() : "", condition.match().name(),
				(condition.staleForSeconds() != null) ? condition.staleForSeconds().toString() : "",
				String.valueOf(rule.forSeconds()), String.valueOf(rule.resolveAfterSeconds()), rule.onNoData().name(),
				rule.onError().name(), rule.channelIds(), rule.version());
	}

	/** The same values, offering {@code dashboard}'s panels with {@code panelId} chosen. */
	AlertRuleForm choosing(String dashboard, Long panelId) {
		return new AlertRuleForm(this.name, dashboard, panelId, this.view, this.type, this.column, this.op,
				this.threshold, this.match, this.staleForSeconds, this.forSeconds, this.resolveAfterSeconds,
				this.onNoData, this.onError, this.channelIds, this.version);
	}

	/** The fields that are no number, by the name the checks give them; {@link AlertRuleChecks} names every other problem. */
	Map<String, String> notNumbers() {
		Map<String, String> problems = new LinkedHashMap<>();
		if (!blank(this.threshold) && decimal(this.threshold) == null) {
			problems.put("condition.threshold", "is not a number");
		}
		notWhole("condition.staleForSeconds", this.staleForSeconds, problems);
		notWhole("forSeconds", this.forSeconds, problems);
		notWhole("resolveAfterSeconds", this.resolveAfterSeconds, problems);
		return problems;
	}

	/**
	 * The rule as the API would receive it.
	 * @param variables those of the chosen panel's dashboard: the view's values of other names are
	 * left out, and a multi-valued variable's text is split at its commas
	 */
	AlertRuleRequest request(Variables variables) {
		Map<String, List<String>> chosen = new LinkedHashMap<>();
		for (String parameter : variables.parameterNames()) {
			String typed = this.view.get(parameter);
			if (blank(typed)) {
				continue;
			}
			boolean multi = variables.variable(parameter).map(Variable::multi).orElse(false);
			chosen.put(parameter, multi ? Arrays.stream(typed.split(",")).map(String::strip)
				.filter((value) -> !value.isEmpty())
				.toList() : List.of(typed.strip()));
		}
		Long staleFor = whole(this.staleForSeconds);
		Long forSeconds = whole(this.forSeconds);
		Long resolveAfter = whole(this.resolveAfterSeconds);
		return new AlertRuleRequest(this.name, this.panelId, chosen,
				new AlertRuleRequest.ConditionRequest(this.type, blank(this.column) ? null : this.column.strip(), this.op,
						decimal(this.threshold), this.match, staleFor),
				seconds(forSeconds), seconds(resolveAfter), this.onNoData, this.onError, this.channelIds, this.version);
	}

	/** Seconds beyond an int are beyond the checks' limit too: the largest int gets their message. */
	private static Integer seconds(Long value) {
		return (value != null) ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)) : null;
	}

	private static BigDecimal decimal(String value) {
		try {
			return blank(value) ? null : new BigDecimal(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Long whole(String value) {
		try {
			return blank(value) ? null : Long.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static void notWhole(String field, String value, Map<String, String> problems) {
		if (!blank(value) && whole(value) == null) {
			problems.put(field, "is not a whole number of seconds");
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
