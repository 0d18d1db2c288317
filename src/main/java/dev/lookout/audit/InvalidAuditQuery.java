package dev.lookout.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/** Filters or paging values an admin sent break the rules; the detail names each, the page shows {@link #fields()}. */
class InvalidAuditQuery extends ApiException {

	private final Map<String, String> fields;

	InvalidAuditQuery(Map<String, String> fields) {
		super(ErrorCode.VALIDATION_FAILED, fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + ": " + field.getValue())
			.collect(Collectors.joining("; ", "Invalid values. ", ".")));
		this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	/** Field name to message, in the order the fields were checked. */
	Map<String, String> fields() {
		return this.fields;
	}

}
