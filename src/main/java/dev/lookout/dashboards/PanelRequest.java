package dev.lookout.dashboards;

import java.util.Arrays;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import dev.lookout.web.FieldProblems;
import dev.lookout.web.MaxCharacters;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;

/**
 * A panel as a client sends it, without surrounding white space. {@code visualization} and the
 * numbers stay loose here so that a wrong value gets a message naming its field rather than a
 * parse error; what a visualization needs of the options is {@link FitsItsVisualization}'s rule;
 * {@code version} is the version the client loaded, required to update.
 */
@FitsItsVisualization
record PanelRequest(
		@NotBlank(message = "is required") @MaxCharacters(DashboardRequest.TITLE_LENGTH) String title,
		@NotNull(message = "is required") Long dataSourceId,
		@NotBlank(message = "is required") @MaxCharacters(SQL_LENGTH) String sql,
		String visualization,
		@Valid PanelOptions options,
		@NotNull(message = "is required")
		@Range(min = MIN_REFRESH_SECONDS, max = MAX_REFRESH_SECONDS,
				message = "must be from {min} to {max} seconds (a day), was ${validatedValue}") Integer refreshSeconds,
		@NotNull(groups = Editing.class, message = Editing.VERSION_REQUIRED) Long version) {

	/** The cache updater's floor: more often would load the data source for little gain. */
	static final int MIN_REFRESH_SECONDS = 5;

	static final int MAX_REFRESH_SECONDS = 86_400;

	/** Queries are typed by people; this bounds what one request can store. */
	static final int SQL_LENGTH = 100_000;

	static final String VISUALIZATIONS = Arrays.stream(Visualization.values())
		.map(Visualization::id)
		.collect(Collectors.joining(", "));

	PanelRequest {
		title = DashboardRequest.strip(title);
		sql = DashboardRequest.strip(sql);
	}

	/**
	 * The checked definition; throws {@link InvalidInput} naming every bad field, the data source
	 * that does not exist included.
	 * @param groups {@link Editing} when a stored panel is changed
	 */
	PanelDefinition validated(Validator validator, LongPredicate dataSourceExists, Class<?>... groups) {
		FieldProblems problems = FieldProblems.of(validator, this, groups);
		if (this.dataSourceId != null && !dataSourceExists.test(this.dataSourceId)) {
			problems.add("dataSourceId", "names no data source: there is none with id " + this.dataSourceId);
		}
		InvalidInput.throwIfAny(problems);
		return new PanelDefinition(this.title, this.dataSourceId, this.sql,
				Visualization.of(this.visualization).orElseThrow(), (this.options != null) ? this.options : PanelOptions.NONE,
				this.refreshSeconds);
	}

}
