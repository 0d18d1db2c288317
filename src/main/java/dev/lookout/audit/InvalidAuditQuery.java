package dev.lookout.audit;

import java.util.Map;

import dev.lookout.web.InvalidFields;

/** Filters or paging values an admin sent break the rules; the detail names each, the page shows {@link #fields()}. */
class InvalidAuditQuery extends InvalidFields {

	InvalidAuditQuery(Map<String, String> fields) {
		super(fields);
	}

}
