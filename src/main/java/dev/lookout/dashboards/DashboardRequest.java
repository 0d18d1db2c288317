package dev.lookout.dashboards;

import dev.lookout.web.FieldProblems;
import dev.lookout.web.MaxCharacters;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A dashboard as a client sends it (JSON body or HTML form), without surrounding white space.
 * {@code slug} is chosen at creation and fixed from then on, because links and bookmarks use it;
 * {@code version} is the version the client loaded, required to update.
 */
record DashboardRequest(
		@NotBlank(groups = Creating.class, message = "is required")
		// Blank is the rule above's to report.
		@Pattern(groups = Creating.class, regexp = "([a-z0-9-]{1,64})?",
				message = "must be 1 to 64 characters, each a lower-case letter, a digit or '-'") String slug,
		@NotBlank(message = "is required") @MaxCharacters(TITLE_LENGTH) String title,
		@MaxCharacters(DESCRIPTION_LENGTH) String description,
		@NotNull(groups = Editing.class, message = Editing.VERSION_REQUIRED) Long version) {

	/** The longest title of a dashboard or a panel; the columns are {@code VARCHAR(200)}. */
	static final int TITLE_LENGTH = 200;

	static final int DESCRIPTION_LENGTH = 2000;

	DashboardRequest {
		slug = strip(slug);
		title = strip(title);
		description = strip(description);
	}

	/** The definition of a new dashboard; throws {@link InvalidInput} naming every bad field. */
	DashboardDefinition validatedNew(Validator validator) {
		FieldProblems problems = FieldProblems.of(validator, this, Creating.class);
		InvalidInput.throwIfAny(problems);
		return new DashboardDefinition(this.slug, this.title, orEmpty(this.description));
	}

	/** The new definition of the dashboard {@code slug}; throws {@link InvalidInput} naming every bad field. */
	DashboardDefinition validatedEdit(Validator validator, String slug) {
		FieldProblems problems = FieldProblems.of(validator, this, Editing.class);
		if (this.slug != null && !this.slug.equals(slug)) {
			problems.add("slug", "cannot be changed: links and bookmarks use it");
		}
		InvalidInput.throwIfAny(problems);
		return new DashboardDefinition(slug, this.title, orEmpty(this.description));
	}

	static String strip(String value) {
		return (value != null) ? value.strip() : null;
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

}
