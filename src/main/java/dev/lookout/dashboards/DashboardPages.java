package dev.lookout.dashboards;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;
import dev.lookout.variables.VariableSettings;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages: the dashboards list (the home page), a dashboard, its editor and the form for a
 * new one. Creating, saving a dashboard's own values and deleting it are plain HTML forms;
 * panels are edited in the page through the JSON API. Scripts get their data as one JSON
 * object, {@code page}, through Thymeleaf's JavaScript inlining.
 */
@Controller
class DashboardPages {

	private final DashboardService service;

	private final Definitions definitions;

	private final VariableSettings variables;

	DashboardPages(DashboardService service, Definitions definitions, VariableSettings variables) {
		this.service = service;
		this.definitions = definitions;
		this.variables = variables;
	}

	@GetMapping("/")
	ModelAndView list() {
		return new ModelAndView("dashboards/list", Map.of("dashboards", this.service.list()));
	}

	@GetMapping("/dashboards/new")
	ModelAndView newDashboard() {
		return newForm(new DashboardRequest(null, null, null, null), Map.of(), HttpStatus.OK);
	}

	@PostMapping("/dashboards")
	ModelAndView create(DashboardRequest form, RedirectAttributes redirect, HttpServletResponse response) {
		try {
			Dashboard dashboard = this.service.create(form);
			redirect.addFlashAttribute("notice", "Dashboard created. Add its panels below.");
			return new ModelAndView("redirect:/d/" + dashboard.slug() + "/edit");
		}
		catch (InvalidInput ex) {
			return newForm(form, ex.fields(), HttpStatus.BAD_REQUEST);
		}
		catch (SlugTaken ex) {
			return newForm(form, Map.of("slug", ex.getMessage()), HttpStatus.CONFLICT);
		}
		catch (RuntimeException ex) {
			ApiException unavailable = unsaved(ex);
			return retryLater(newForm(form, Map.of(), HttpStatus.SERVICE_UNAVAILABLE), unavailable, response);
		}
	}

	@GetMapping("/d/{slug}")
	ModelAndView view(@PathVariable String slug, HttpServletRequest request) {
		Dashboard dashboard = this.service.get(slug);
		List<ViewPanel> panels = dashboard.panels().stream().map(ViewPanel::of).toList();
		return new ModelAndView("dashboards/view", Map.of("dashboard", dashboard, "page",
				new ViewPage(apiBase(request), dashboard.slug(), dashboard.title(), panels, dashboard.variables(),
						dashboard.timeRange(), this.variables.timeZone().getId())));
	}

	@GetMapping("/d/{slug}/edit")
	ModelAndView edit(@PathVariable String slug, HttpServletRequest request) {
		Dashboard dashboard = this.service.getForEdit(slug);
		DashboardRequest form = new DashboardRequest(slug, dashboard.title(), dashboard.description(),
				dashboard.version());
		return editor(dashboard, form, Map.of(), null, HttpStatus.OK, request);
	}

	@PostMapping("/d/{slug}/edit")
	ModelAndView save(@PathVariable String slug, DashboardRequest form, RedirectAttributes redirect,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			this.service.update(slug, form);
			redirect.addFlashAttribute("notice", "Saved.");
			return new ModelAndView("redirect:/d/" + slug + "/edit");
		}
		catch (InvalidInput ex) {
			return editor(this.service.get(slug), form, ex.fields(), null, HttpStatus.BAD_REQUEST, request);
		}
		catch (EditConflict ex) {
			// The form keeps the stale version: saving it again is refused again until the user reloads.
			return editor(this.service.get(slug), form, Map.of(), ex.getMessage(), HttpStatus.CONFLICT, request);
		}
		catch (RuntimeException ex) {
			// What the user typed comes back in the form, to be saved again once the database answers.
			ApiException unavailable = unsaved(ex);
			return retryLater(editor(this.service.get(slug), form, Map.of(), null, HttpStatus.SERVICE_UNAVAILABLE,
					request), unavailable, response);
		}
	}

	/**
	 * Who may see and edit the dashboard: groups typed one per line or separated by commas; none
	 * leaves it to the roles.
	 */
	@PostMapping("/d/{slug}/access")
	ModelAndView share(@PathVariable String slug, @RequestParam(defaultValue = "") String view,
			@RequestParam(defaultValue = "") String edit, @RequestParam(required = false) Long version,
			RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
		Dashboard dashboard = this.service.getForEdit(slug);
		DashboardRequest form = new DashboardRequest(slug, dashboard.title(), dashboard.description(), null, null,
				new Sharing(groups(view), groups(edit)), version);
		try {
			this.service.update(slug, form);
			redirect.addFlashAttribute("notice", "Access saved.");
			return new ModelAndView("redirect:/d/" + slug + "/edit");
		}
		catch (InvalidInput ex) {
			return editor(dashboard, form, ex.fields(), null, HttpStatus.BAD_REQUEST, request);
		}
		catch (EditConflict ex) {
			return editor(dashboard, form, Map.of(), ex.getMessage(), HttpStatus.CONFLICT, request);
		}
		catch (RuntimeException ex) {
			return retryLater(editor(dashboard, form, Map.of(), null, HttpStatus.SERVICE_UNAVAILABLE, request),
					unsaved(ex), response);
		}
	}

	private static List<String> groups(String typed) {
		return Arrays.stream(typed.split("[,\\n]")).map(String::strip).filter((group) -> !group.isEmpty()).toList();
	}

	@PostMapping("/d/{slug}/delete")
	ModelAndView delete(@PathVariable String slug, @RequestParam(required = false) Long version,
			RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
		Dashboard dashboard = this.service.get(slug);
		try {
			this.service.delete(slug, version);
			redirect.addFlashAttribute("notice", "Dashboard '" + dashboard.title() + "' deleted.");
			return new ModelAndView("redirect:/");
		}
		catch (EditConflict ex) {
			DashboardRequest form = new DashboardRequest(slug, dashboard.title(), dashboard.description(), version);
			return editor(dashboard, form, Map.of(), ex.getMessage(), HttpStatus.CONFLICT, request);
		}
		catch (RuntimeException ex) {
			ApiException unavailable = unsaved(ex);
			DashboardRequest form = new DashboardRequest(slug, dashboard.title(), dashboard.description(), version);
			return retryLater(editor(dashboard, form, Map.of(), null, HttpStatus.SERVICE_UNAVAILABLE, request),
					unavailable, response);
		}
	}

	/** The refusal because the application database is unavailable, which the form answers; anything else goes to the error page. */
	private static ApiException unsaved(RuntimeException ex) {
		return ApiException.unsaved(ex).orElseThrow(() -> ex);
	}

	/** The form again, as typed, saying why it was not saved and when to try again. */
	private static ModelAndView retryLater(ModelAndView page, ApiException unavailable, HttpServletResponse response) {
		page.addObject("unsaved", unavailable.getMessage());
		unavailable.answerOn(response);
		return page;
	}

	private static ModelAndView newForm(DashboardRequest form, Map<String, String> errors, HttpStatus status) {
		return new ModelAndView("dashboards/new", Map.of("form", form, "errors", errors), status);
	}

	private ModelAndView editor(Dashboard dashboard, DashboardRequest form, Map<String, String> errors,
			String conflict, HttpStatus status, HttpServletRequest request) {
		List<DataSourceChoice> choices = this.definitions.dataSources()
			.stream()
			.map((source) -> new DataSourceChoice(source.id(), source.name(), source.kind()))
			.toList();
		List<EditorPanel> panels = dashboard.panels().stream().map(EditorPanel::of).toList();
		EditorPage page = new EditorPage(apiBase(request), dashboard.slug(), dashboard.version(), panels, choices,
				Arrays.asList(Visualization.values()), PanelRequest.MIN_REFRESH_SECONDS, PanelRequest.MAX_REFRESH_SECONDS,
				dashboard.variables(), dashboard.timeRange(), this.variables.timeZone().getId());
		ModelAndView editor = new ModelAndView("dashboards/edit", status);
		editor.addObject("dashboard", dashboard);
		editor.addObject("form", form);
		editor.addObject("errors", errors);
		editor.addObject("conflict", conflict);
		editor.addObject("page", page);
		return editor;
	}

	private static String apiBase(HttpServletRequest request) {
		return request.getContextPath() + "/api";
	}

	/**
	 * What the dashboard page's script needs: where the API is, how to show each panel (no SQL),
	 * the variables and time range for its bar, and the zone relative times resolve in.
	 */
	record ViewPage(String apiBase, String slug, String title, List<ViewPanel> panels, List<Variable> variables,
			TimeRange timeRange, String timeZone) {
	}

	record ViewPanel(long id, String title, Visualization visualization, PanelOptions options, int refreshSeconds) {

		static ViewPanel of(Panel panel) {
			return new ViewPanel(panel.id(), panel.title(), panel.visualization(), panel.options(),
					panel.refreshSeconds());
		}

	}

	/** What the editor's script needs: the panels' definitions and versions, and the choices for their fields. */
	record EditorPage(String apiBase, String slug, long version, List<EditorPanel> panels,
			List<DataSourceChoice> dataSources, List<Visualization> visualizations, int minRefreshSeconds,
			int maxRefreshSeconds, List<Variable> variables, TimeRange timeRange, String timeZone) {
	}

	/**
	 * A panel for the editor, without timestamps: Thymeleaf serializes with Jackson 2 when it is
	 * on the class path (Flyway brings it), and that has no java.time support here.
	 */
	record EditorPanel(long id, long version, String title, long dataSourceId, String sql,
			Visualization visualization, PanelOptions options, int refreshSeconds) {

		static EditorPanel of(Panel panel) {
			return new EditorPanel(panel.id(), panel.version(), panel.title(), panel.dataSourceId(), panel.sql(),
					panel.visualization(), panel.options(), panel.refreshSeconds());
		}

	}

	record DataSourceChoice(long id, String name, String kind) {
	}

}
