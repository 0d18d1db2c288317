package dev.lookout.dashboards;

import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;
import dev.lookout.variables.Variables;
import dev.lookout.web.FieldProblems;
import dev.lookout.web.MaxCharacters;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A dashboard as a client sends it (JSON body or HTML form), without surrounding white space.
 * {@code slug} is chosen at creation and fixed from then on, because links and bookmarks use it;
 * {@code version} is the version the client loaded, required to update. {@code variables} and
 * {@code timeRange} go together: a request without {@code variables} (an HTML form, a client that
 * predates them) keeps the dashboard's as they are; one with {@code variables} (an empty list
 * too) replaces both, so a {@code timeRange} left out then means none. Likewise {@code access}:
 * left out, the dashboard stays shared as it was.
 */
record DashboardRequest(
		@NotBlank(groups = Creating.class, message = "is required")
		// Blank is the rule above's to report.
		@Pattern(groups = Creating.class, regexp = "([a-z0-9-]{1,64})?",
				message = "must be 1 to 64 characters, each a lower-case letter, a digit or '-'") String slug,
		@NotBlank(message = "is required") @MaxCharacters(TITLE_LENGTH) String title,
		@MaxCharacters(DESCRIPTION_LENGTH) String description, List<Variable> variables, TimeRange timeRange,
		Sharing access, @NotNull(groups = Editing.class, message = Editing.VERSION_REQUIRED) Long version) {

	/** The longest title of a dashboard or a panel; the columns are {@code VARCHAR(200)}. */
	static final int TITLE_LENGTH = 200;

	static final int DESCRIPTION_LENGTH = 2000;

	DashboardRequest {
		slug = strip(slug);
		title = strip(title);
		description = strip(description);
	}

	/** A request with the dashboard's title and description only, as the HTML forms send it. */
	DashboardRequest(String slug, String title, String description, Long version) {
		this(slug, title, description, null, null, null, version);
	}

	/** The definition of a new dashboard; throws {@link InvalidInput} naming every bad field. */
	DashboardDefinition validatedNew(Validator validator, LongPredicate dataSourceExists) {
		FieldProblems problems = FieldProblems.of(validator, this, Creating.class);
		Variables variables = variables(Variables.NONE, problems, dataSourceExists);
		Sharing access = access(Sharing.ROLES, problems);
		InvalidInput.throwIfAny(problems);
		return new DashboardDefinition(this.slug, this.title, orEmpty(this.description), variables.list(),
				variables.timeRange(), access);
	}

	/**
	 * The new definition of {@code current}; throws {@link InvalidInput} naming every bad field,
	 * a variable still named by one of its panels' SQL included.
	 */
	DashboardDefinition validatedEdit(Validator validator, Dashboard current, LongPredicate dataSourceExists) {
		FieldProblems problems = FieldProblems.of(validator, this, Editing.class);
		if (this.slug != null && !this.slug.equals(current.slug())) {
			problems.add("slug", "cannot be changed: links and bookmarks use it");
		}
		Variables variables = variables(current.parameters(), problems, dataSourceExists);
		if (!problems.has("variables") && !problems.has("timeRange")) {
			for (Panel panel : current.panels()) {
				PanelRequest.unknownParameters(panel.sql(), variables)
					.ifPresent((unknown) -> problems.add("variables", "cannot drop what panel '" + panel.title()
							+ "' (" + panel.id() + ") uses: " + unknown));
			}
		}
		Sharing access = access(current.access(), problems);
		InvalidInput.throwIfAny(problems);
		return new DashboardDefinition(current.slug(), this.title, orEmpty(this.description), variables.list(),
				variables.timeRange(), access);
	}

	/**
	 * The sharing sent, checked into {@code problems}; {@code kept} when none was sent. Nobody may
	 * share a dashboard so that they could no longer see and edit it themselves.
	 */
	private Sharing access(Sharing kept, FieldProblems problems) {
		if (this.access == null) {
			return kept;
		}
		this.access.problems().forEach(problems::add);
		if (!problems.has("access.view") && !problems.has("access.edit") && !AccessRules.canEdit(this.access)) {
			problems.add("access", "would take the dashboard away from you: name a group you belong to");
		}
		return this.access;
	}

	/** The variables sent, checked into {@code problems}; {@code kept} when none were sent. */
	private Variables variables(Variables kept, FieldProblems problems, LongPredicate dataSourceExists) {
		if (this.variables == null) {
			return kept;
		}
		Map<String, String> found = Variables.problems(this.variables, this.timeRange, dataSourceExists);
		found.forEach(problems::add);
		return new Variables(this.variables, this.timeRange);
	}

	static String strip(String value) {
		return (value != null) ? value.strip() : null;
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

}
