package dev.lookout.datasource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin pages for data sources. A rejected form is shown again with its messages (the password
 * is never echoed back); an edit that lost a race is shown with the current values.
 */
@Controller
@RequestMapping("/admin/datasources")
class DataSourcePages {

	private static final String LIST = "datasources/list";

	private static final String FORM = "datasources/form";

	private static final String REDIRECT_TO_LIST = "redirect:/admin/datasources";

	private final DataSources dataSources;

	DataSourcePages(DataSources dataSources) {
		this.dataSources = dataSources;
	}

	@GetMapping
	String list(Model model) {
		Map<Long, String> refusals = new LinkedHashMap<>();
		List<DataSourceDefinition> sources = this.dataSources.all();
		sources.forEach((source) -> this.dataSources.refusal(source)
			.ifPresent((reason) -> refusals.put(source.id(), reason)));
		model.addAttribute("sources", sources);
		model.addAttribute("refusals", refusals);
		return LIST;
	}

	@GetMapping("/new")
	String newForm(Model model) {
		return form(model, null, DataSourceForm.DEFAULTS, Map.of(), null);
	}

	@PostMapping
	String create(@ModelAttribute DataSourceForm form, @RequestParam(required = false) String password, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		DataSourceInput input = form.input(StringUtils.hasLength(password) ? password : null);
		Map<String, String> problems = form.problems(this.dataSources.problems(input, false));
		if (problems.isEmpty()) {
			try {
				DataSources.Saved created = this.dataSources.create(input);
				redirect.addFlashAttribute("notice", "Created data source '" + created.source().name() + "'.");
				redirect.addFlashAttribute("warnings", warnings(created.check()));
				return REDIRECT_TO_LIST;
			}
			catch (ApiException ex) {
				problems = rejected(ex, response);
			}
			catch (RuntimeException ex) {
				// The application database is unavailable: the form comes back as typed, to be saved again.
				ApiException unsaved = ApiException.unsaved(ex).orElseThrow(() -> ex);
				unsaved.answerOn(response);
				return form(model, null, form, Map.of(), unsaved.getMessage());
			}
		}
		else {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		return form(model, null, form, problems, null);
	}

	@GetMapping("/{id}/edit")
	String edit(@PathVariable long id, Model model) {
		DataSourceDefinition source = this.dataSources.get(id);
		return form(model, source, DataSourceForm.of(source), Map.of(), null);
	}

	/** An empty password keeps the stored one; {@code removePassword} removes it. */
	@PostMapping("/{id}")
	String update(@PathVariable long id, @ModelAttribute DataSourceForm form,
			@RequestParam(required = false) String password, @RequestParam(defaultValue = "false") boolean removePassword,
			Model model, HttpServletResponse response, RedirectAttributes redirect) {
		DataSourceDefinition source = this.dataSources.get(id);
		DataSourceInput input = form.input(removePassword ? "" : (StringUtils.hasLength(password) ? password : null));
		Map<String, String> problems = form.problems(this.dataSources.problems(input, true));
		if (problems.isEmpty()) {
			try {
				DataSources.Saved updated = this.dataSources.update(id, input);
				redirect.addFlashAttribute("notice", "Saved data source '" + updated.source().name() + "'.");
				redirect.addFlashAttribute("warnings", warnings(updated.check()));
				return REDIRECT_TO_LIST;
			}
			catch (EditConflict ex) {
				response.setStatus(HttpStatus.CONFLICT.value());
				DataSourceDefinition current = this.dataSources.get(id);
				return form(model, current, DataSourceForm.of(current), Map.of(), ex.getMessage()
						+ " The form now shows the current values.");
			}
			catch (ApiException ex) {
				problems = rejected(ex, response);
			}
		}
		else {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		return form(model, source, form, problems, null);
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable long id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		DataSourceDefinition source = this.dataSources.get(id);
		try {
			this.dataSources.delete(id);
		}
		catch (ApiException ex) {
			if (ex.code() != ErrorCode.CONFLICT) {
				throw ex;
			}
			response.setStatus(HttpStatus.CONFLICT.value());
			model.addAttribute("error", ex.getMessage());
			return list(model);
		}
		redirect.addFlashAttribute("notice", "Deleted data source '" + source.name() + "'.");
		return REDIRECT_TO_LIST;
	}

	/** What a saved source's connection check says the admin should know: warnings, or that it was not reached. */
	private static List<String> warnings(ConnectionCheck check) {
		if (!check.ok()) {
			return List.of("Saved, but the database could not be reached to review the account (" + check.reason()
					+ "); it is reviewed when Lookout first connects.");
		}
		return check.warnings().stream().map((warning) -> "Warning: " + warning + ".").toList();
	}

	/** The messages for a form the repository refused; anything else is not the form's to show. */
	private static Map<String, String> rejected(ApiException ex, HttpServletResponse response) {
		if (ex instanceof InvalidDataSource invalid) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return invalid.problems();
		}
		if (ex.code() == ErrorCode.CONFLICT) {
			response.setStatus(HttpStatus.CONFLICT.value());
			return Map.of("name", ex.getMessage());
		}
		throw ex;
	}

	/** @param source the stored source when editing, {@code null} when creating */
	private static String form(Model model, DataSourceDefinition source, DataSourceForm form,
			Map<String, String> problems, String conflict) {
		model.addAttribute("source", source);
		model.addAttribute("form", form);
		model.addAttribute("problems", problems);
		model.addAttribute("conflict", conflict);
		model.addAttribute("defaults", DataSourceForm.DEFAULTS);
		return FORM;
	}

	/**
	 * The form's fields as typed, so that a rejected form shows them again as they were. The
	 * password is not among them: it is read separately and never shown.
	 */
	record DataSourceForm(String name, String jdbcUrl, String username, String poolSize, String queryTimeoutMs,
			String rowLimit, String version) {

		/** An empty form with the defaults a new source gets for what it leaves out. */
		static final DataSourceForm DEFAULTS = new DataSourceForm("", "", "",
				String.valueOf(DataSourceInput.DEFAULT_POOL_SIZE), String.valueOf(DataSourceInput.DEFAULT_QUERY_TIMEOUT_MS),
				String.valueOf(DataSourceInput.DEFAULT_ROW_LIMIT), null);

		static DataSourceForm of(DataSourceDefinition source) {
			return new DataSourceForm(source.name(), source.jdbcUrl(), source.username(),
					String.valueOf(source.poolSize()), String.valueOf(source.queryTimeout().toMillis()),
					String.valueOf(source.rowLimit()), String.valueOf(source.version()));
		}

		DataSourceInput input(String password) {
			Long parsedVersion = StringUtils.hasText(this.version) ? parseLong(this.version) : null;
			return new DataSourceInput(this.name, this.jdbcUrl, this.username, password, parseInt(this.poolSize),
					parseInt(this.queryTimeoutMs), parseInt(this.rowLimit), parsedVersion);
		}

		/** Fields that are not whole numbers, and otherwise the repository's problems with the input. */
		Map<String, String> problems(Map<String, String> validation) {
			Map<String, String> problems = new LinkedHashMap<>();
			notANumber("poolSize", this.poolSize, problems);
			notANumber("queryTimeoutMs", this.queryTimeoutMs, problems);
			notANumber("rowLimit", this.rowLimit, problems);
			validation.forEach(problems::putIfAbsent);
			return problems;
		}

		private static void notANumber(String field, String value, Map<String, String> problems) {
			if (StringUtils.hasText(value) && parseInt(value) == null) {
				problems.put(field, field + " must be a whole number");
			}
		}

		private static Integer parseInt(String value) {
			try {
				return StringUtils.hasText(value) ? Integer.valueOf(value.strip()) : null;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		private static Long parseLong(String value) {
			try {
				return Long.valueOf(value.strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

}
