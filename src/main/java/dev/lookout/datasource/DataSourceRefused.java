package dev.lookout.datasource;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * Lookout will not open the source: its URL breaks a rule made after it was stored (H2, a
 * parameter or host no longer allowed) or its account can reach the server's files. Not an
 * outage: no breaker counts it, and retrying helps only once an admin fixed the source.
 */
public class DataSourceRefused extends ApiException {

	DataSourceRefused(String sourceName, String reason) {
		super(ErrorCode.DATASOURCE_REFUSED, "Data source '" + sourceName + "' is refused: " + reason + ".");
	}

}
