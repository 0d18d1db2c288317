package dev.lookout.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletResponse;

import dev.lookout.dashboards.DashboardOutline;
import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.ViewKey;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;
import dev.lookout.variables.Variables;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The rule form on the alerts page: a new rule, a rule's changes, its deletion, for editors. Plain
 * HTML forms with the CSRF field, answered Post/Redirect/Get like the silence form, rather than a
 * script calling {@code /api/alerts}: the same {@link AlertService} and {@link AlertRuleChecks}
 * decide, and their {@link InvalidRule} keeps each problem by field for the form to show next to its
 * input (the API's problem detail has them in one sentence only); the dashboards offered are those
 * {@link dev.lookout.dashboards.AccessRules} lets the user change, decided here and not again in a
 * script; the channels come through {@link AlertChannels}. The dependent fields are the server's
 * too: choosing another dashboard or panel posts the form with {@code choose}, and it comes back as
 * typed with that one's panels, variables and current columns. The page script only sends that on a
 * change and shows the fields the condition type needs; without it the form still works.
 */
@Controller
class AlertRuleForms {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AlertService service;

	private final AlertReads reads;

	private final Panels panels;

	private final PanelResults results;

	private final AlertChannels channels;

	AlertRuleForms(AlertService service, AlertReads reads, Panels panels, PanelResults results,
			AlertChannels channels) {
		this.service = service;
		this.reads = reads;
		this.panels = panels;
		this.results = results;
		this.channels = channels;
	}

	@GetMapping("/alerts/new")
	ModelAndView newRule(@RequestParam(required = false) String dashboard) {
		return form(null, AlertRuleForm.newRule(dashboard), Map.of(), null, HttpStatus.OK);
	}

	@PostMapping("/alerts")
	ModelAndView create(Authentication user, AlertRuleForm form, @RequestParam(required = false) String choose,
			RedirectAttributes redirect, HttpServletResponse response) {
		return save(null, form, choose, redirect, response, (request) -> this.service.create(user, request));
	}

	@GetMapping("/alerts/{id}/edit")
	ModelAndView edit(@PathVariable long id) {
		AlertRuleView rule = changeable(id);
		return form(rule, AlertRuleForm.of(rule), Map.of(), null, HttpStatus.OK);
	}

	@PostMapping("/alerts/{id}/edit")
	ModelAndView update(Authentication user, @PathVariable long id, AlertRuleForm form,
			@RequestParam(required = false) String choose, RedirectAttributes redirect, HttpServletResponse response) {
		AlertRuleView rule = changeable(id);
		return save(rule, form, choose, redirect, response, (request) -> this.service.update(user, id, request));
	}

	@PostMapping("/alerts/{id}/delete")
	String delete(Authentication user, @PathVariable long id, @RequestParam long version, RedirectAttributes redirect) {
		AlertRuleView rule = changeable(id);
		try {
			this.service.delete(user, id, version);
			redirect.addFlashAttribute("notice", "Rule '" + rule.name() + "' deleted.");
		}
		catch (EditConflict ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/alerts";
	}

	/**
	 * Saves the form through {@code change}, or with {@code choose} only shows it again for the
	 * dashboard and panel it names now.
	 */
	private ModelAndView save(AlertRuleView rule, AlertRuleForm form, String choose, RedirectAttributes redirect,
			HttpServletResponse response, Function<AlertRuleRequest, AlertRuleView> change) {
		if (choose != null) {
			return form(rule, form, Map.of(), null, HttpStatus.OK);
		}
		Map<String, String> notNumbers = form.notNumbers();
		if (!notNumbers.isEmpty()) {
			return form(rule, form, notNumbers, null, HttpStatus.BAD_REQUEST);
		}
		Variables variables = (form.panelId() != null)
				? this.panels.find(form.panelId()).map(PanelSpec::variables).orElse(Variables.NONE) : Variables.NONE;
		try {
			AlertRuleView saved = change.apply(form.request(variables));
			redirect.addFlashAttribute("notice", "Rule '" + saved.name() + "' " + ((rule == null) ? "created." : "saved."));
			return new ModelAndView("redirect:/alerts");
		}
		catch (InvalidRule ex) {
			return form(rule, form, ex.fields(), null, HttpStatus.BAD_REQUEST);
		}
		catch (EditConflict ex) {
			// The form keeps the stale version: saving it again is refused again until the user reloads.
			return form(rule, form, Map.of(), ex.getMessage(), HttpStatus.CONFLICT);
		}
		catch (RuntimeException ex) {
			// What the user typed comes back in the form, to be saved again once the database answers.
			ApiException unsaved = ApiException.unsaved(ex).orElseThrow(() -> ex);
			ModelAndView page = form(rule, form, Map.of(), null, HttpStatus.SERVICE_UNAVAILABLE);
			page.addObject("unsaved", unsaved.getMessage());
			unsaved.answerOn(response);
			return page;
		}
	}

	/** The rule, if the form may change it: it offers the panels of dashboards the user may change only. */
	private AlertRuleView changeable(long id) {
		AlertRuleView rule = this.reads.get(id);
		if (!this.reads.onEditableDashboard(rule)) {
			throw new ApiException(ErrorCode.FORBIDDEN, "Rule '" + rule.name() + "' watches a panel of dashboard '"
					+ rule.dashboardSlug() + "', which you may see but not change.");
		}
		return rule;
	}

	/**
	 * The form for {@code typed}: on the dashboard it names (else the one of its panel, else the
	 * first the user may change), with its panel if that dashboard has it (else its first panel).
	 * @param rule the rule changed, null for a new one
	 */
	private ModelAndView form(AlertRuleView rule, AlertRuleForm typed, Map<String, String> errors, String conflict,
			HttpStatus status) {
		List<DashboardOutline> dashboards = this.panels.editable();
		DashboardOutline chosen = dashboards.stream()
			.filter((dashboard) -> dashboard.slug().equals(typed.dashboard()))
			.findFirst()
			.or(() -> dashboards.stream().filter((dashboard) -> has(dashboard, typed.panelId())).findFirst())
			.or(() -> dashboards.stream().findFirst())
			.orElse(null);
		Long panelId = null;
		if (chosen != null && !chosen.panels().isEmpty()) {
			panelId = has(chosen, typed.panelId()) ? typed.panelId() : chosen.panels().get(0).id();
		}
		ModelAndView page = new ModelAndView("alerts/form", status);
		page.addObject("rule", rule);
		page.addObject("form", typed.choosing((chosen != null) ? chosen.slug() : null, panelId));
		page.addObject("dashboards", dashboards);
		page.addObject("chosen", chosen);
		page.addObject("viewFields", (chosen != null) ? viewFields(chosen) : List.of());
		page.addObject("columns", (panelId != null) ? columns(panelId) : List.of());
		page.addObject("channels", channels());
		page.addObject("types", Condition.Type.values());
		page.addObject("operators", Condition.OPERATORS);
		page.addObject("matches", Condition.Match.values());
		page.addObject("onNoData", AlertRuleChecks.ON_NO_DATA);
		page.addObject("onError", AlertRuleChecks.ON_ERROR);
		page.addObject("maxName", AlertRuleChecks.MAX_NAME);
		page.addObject("maxSeconds", AlertRuleChecks.MAX_SECONDS);
		page.addObject("maxStaleSeconds", AlertRuleChecks.MAX_STALE_SECONDS);
		page.addObject("errors", errors);
		page.addObject("conflict", conflict);
		return page;
	}

	private static boolean has(DashboardOutline dashboard, Long panelId) {
		return dashboard.panels().stream().anyMatch((panel) -> Objects.equals(panel.id(), panelId));
	}

	/**
	 * One field per parameter of the dashboard: its variables (a list's options offered, those its
	 * query last read included), then the time range's bounds.
	 */
	private List<ViewField> viewFields(DashboardOutline dashboard) {
		Variables variables = dashboard.variables();
		List<ViewField> fields = new ArrayList<>();
		for (Variable variable : variables.list()) {
			fields.add(new ViewField(variable.name(), variable.label(), variable.multi(),
					this.results.variableOptions(dashboard.slug(), variable.name()),
					String.join(", ", variable.defaults())));
		}
		TimeRange range = variables.timeRange();
		if (range != null) {
			fields.add(new ViewField(TimeRange.FROM, range.label() + ", from", false, List.of(), range.from()));
			fields.add(new ViewField(TimeRange.TO, range.label() + ", to", false, List.of(), range.to()));
		}
		return fields;
	}

	/** The columns of the panel's current result (its default view): empty while it has none. */
	private List<Column> columns(long panelId) {
		return this.results.current(ViewKey.of(panelId), 0)
			.map((result) -> json.readTree(result.body())
				.path("columns")
				.valueStream()
				.map((column) -> new Column(column.path("name").asString(""), column.path("kind").asString("")))
				.toList())
			.orElse(List.of());
	}

	/** The channels; null while the application database cannot be read, when the form keeps those chosen as typed. */
	private List<AlertChannels.Choice> channels() {
		try {
			return this.channels.choices();
		}
		catch (RuntimeException ex) {
			ApiException.unsaved(ex).orElseThrow(() -> ex);
			return null;
		}
	}

	/**
	 * @param options what a list offers (its fixed options, or those its query last read), offered for the field
	 * @param defaults what an empty field means
	 */
	record ViewField(String name, String label, boolean multi, List<String> options, String defaults) {

	}

	record Column(String name, String kind) {

	}

}
