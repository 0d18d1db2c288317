package dev.lookout.dashboards;

import java.util.regex.Pattern;

/**
 * A dashboard as a client sends it (JSON body or HTML form), not yet checked. {@code slug}
 * is chosen at creation and fixed from then on, because links and bookmarks use it;
 * {@code version} is the version the client loaded, required to update.
 */
record DashboardRequest(String slug, String title, String description, Long version) {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,64}");

	private static final int DESCRIPTION_LENGTH = 2000;

	/** The definition of a new dashboard; throws {@link InvalidInput} naming every bad field. */
	DashboardDefinition validatedNew(FieldErrors errors) {
		String slug = (this.slug != null) ? this.slug.strip() : "";
		if (slug.isEmpty()) {
			errors.reject("slug", "is required");
		}
		else if (!SLUG.matcher(slug).matches()) {
			errors.reject("slug", "must be 1 to 64 characters, each a lower-case letter, a digit or '-'");
		}
		return validated(slug, errors);
	}

	/** The new definition of the dashboard {@code slug}; throws {@link InvalidInput} naming every bad field. */
	DashboardDefinition validatedEdit(String slug, FieldErrors errors) {
		if (this.slug != null && !this.slug.strip().equals(slug)) {
			errors.reject("slug", "cannot be changed: links and bookmarks use it");
		}
		return validated(slug, errors);
	}

	private DashboardDefinition validated(String slug, FieldErrors errors) {
		String title = errors.text("title", this.title, true, FieldErrors.TITLE_LENGTH);
		String description = errors.text("description", this.description, false, DESCRIPTION_LENGTH);
		errors.throwIfAny();
		return new DashboardDefinition(slug, title, description);
	}

}
