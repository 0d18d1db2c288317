package dev.lookout.datasource;

import java.time.Duration;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/** The query ran past its source's statement timeout and was cancelled. */
public class QueryTimedOut extends ApiException {

	public QueryTimedOut(Duration timeout) {
		super(ErrorCode.QUERY_TIMEOUT, "The query ran longer than the data source's timeout of "
				+ timeout.toMillis() + " ms and was cancelled.");
	}

}
