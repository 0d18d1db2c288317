package dev.lookout.datasource;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/** The database rejected the SQL (syntax, unknown table, permission): the user's to fix. */
public class QueryFailed extends ApiException {

	public QueryFailed(String databaseMessage) {
		super(ErrorCode.QUERY_FAILED, databaseMessage);
	}

}
