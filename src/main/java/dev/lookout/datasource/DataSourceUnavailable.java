package dev.lookout.datasource;

import java.time.Duration;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * The source could not be reached (connection refused or reset, no connection made within the
 * bounded wait), unlike {@link QueryFailed}; its breaker counts these when their cause is such an
 * infrastructure failure.
 */
public class DataSourceUnavailable extends ApiException {

	public DataSourceUnavailable(String sourceName, String reason, Duration retryAfter) {
		this(sourceName, reason, retryAfter, null);
	}

	/** @param cause the driver's or the pool's failure, which tells a breaker whether to count it */
	public DataSourceUnavailable(String sourceName, String reason, Duration retryAfter, Throwable cause) {
		super(ErrorCode.DATASOURCE_UNAVAILABLE, "Data source '" + sourceName + "' cannot be reached: " + reason,
				retryAfter, cause);
	}

}
