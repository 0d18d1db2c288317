package dev.lookout.dashboards;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * A dashboard or data-source file that cannot be applied, with its name, the line of the problem
 * (0 when unknown), the field (its path in the file, {@code panels[1].dataSource}; {@code null} for
 * a syntax error) and the reason. Nothing of such a file is applied.
 */
class FileRefused extends ApiException {

	private final String file;

	private final int line;

	private final String field;

	private final String reason;

	FileRefused(String file, int line, String field, String reason) {
		super(ErrorCode.VALIDATION_FAILED, describe(file, line, field, reason) + ". Nothing of the file was applied.");
		this.file = file;
		this.line = line;
		this.field = field;
		this.reason = reason;
	}

	String file() {
		return this.file;
	}

	int line() {
		return this.line;
	}

	String field() {
		return this.field;
	}

	String reason() {
		return this.reason;
	}

	/** {@code shop.yaml, line 12, panels[1].dataSource: names no data source 'Sales'}. */
	static String describe(String file, int line, String field, String reason) {
		return file + ((line > 0) ? ", line " + line : "") + ((field != null) ? ", " + field : "") + ": " + reason;
	}

}
