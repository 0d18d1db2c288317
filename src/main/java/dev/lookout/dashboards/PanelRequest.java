package dev.lookout.dashboards;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import dev.lookout.datasource.SqlParameters;
import dev.lookout.variables.Variables;
import dev.lookout.web.ApiException;
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

	/**
	 * The names {@code sql} uses that are none of {@code variables}' parameters, as {@code :a, :b};
	 * empty when it uses only theirs, or when it is no single query: that is the refresh's to
	 * report, as it always was, with the reason.
	 */
	static Optional<String> unknownParameters(String sql, Variables variables) {
		List<String> names;
		try {
			names = SqlParameters.namesIn(sql);
		}
		catch (ApiException ex) {
			return Optional.empty();
		}
		List<String> unknown = names.stream()
			.filter((name) -> !variables.parameterNames().contains(name))
			.toList();
		return unknown.isEmpty() ? Optional.empty() : Optional.of(":" + String.join(", :", unknown));
	}

	PanelRequest {
		title = DashboardRequest.strip(title);
		sql = DashboardRequest.strip(sql);
	}

	/**
	 * The checked definition; throws {@link InvalidInput} naming every bad field, the data source
	 * that does not exist and a name in the SQL that is none of {@code variables}' included.
	 * @param groups {@link Editing} when a stored panel is changed
	 */
	PanelDefinition validated(Validator validator, LongPredicate dataSourceExists, Variables variables,
			Class<?>... groups) {
		FieldProblems problems = FieldProblems.of(validator, this, groups);
		if (this.dataSourceId != null && !dataSourceExists.test(this.dataSourceId)) {
			problems.add("dataSourceId", "names no data source: there is none with id " + this.dataSourceId);
		}
		if (this.sql != null && !problems.has("sql")) {
			unknownParameters(this.sql, variables).ifPresent((unknown) -> problems.add("sql", "names " + unknown
					+ ", which the dashboard does not have; " + (variables.parameterNames().isEmpty()
							? "it has no variables" : "its variables are :" + String.join(", :", variables.parameterNames()))));
		}
		InvalidInput.throwIfAny(problems);
		return new PanelDefinition(this.title, this.dataSourceId, this.sql,
				Visualization.of(this.visualization).orElseThrow(), (this.options != null) ? this.options : PanelOptions.NONE,
				this.refreshSeconds);
	}

}
