package dev.lookout.datasource;

import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/** A data source definition with invalid values; {@link #problems()} names each field and what is wrong. */
class InvalidDataSource extends ApiException {

	private final Map<String, String> problems;

	InvalidDataSource(Map<String, String> problems) {
		super(ErrorCode.VALIDATION_FAILED, "Invalid data source: "
				+ problems.values().stream().collect(Collectors.joining("; ")) + ".");
		this.problems = Map.copyOf(problems);
	}

	/** Field name to message. */
	Map<String, String> problems() {
		return this.problems;
	}

}
