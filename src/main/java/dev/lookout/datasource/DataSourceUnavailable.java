package dev.lookout.datasource;

import java.time.Duration;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * The source could not be reached (connection refused or reset, pool wait exceeded): an
 * infrastructure failure, unlike {@link QueryFailed}; breakers count these.
 */
public class DataSourceUnavailable extends ApiException {

	public DataSourceUnavailable(String sourceName, String reason, Duration retryAfter) {
		super(ErrorCode.DATASOURCE_UNAVAILABLE, "Data source '" + sourceName + "' cannot be reached: " + reason,
				retryAfter);
	}

}
