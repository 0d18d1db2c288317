package dev.lookout.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/errors.md is the client's contract: every code with its real status and retryability. */
class ErrorCodesAreDocumentedTest {

	@Test
	void everyCodeIsDocumentedWithItsStatusAndRetryability() throws Exception {
		String doc = Files.readString(Path.of("docs/errors.md"));
		for (ErrorCode code : ErrorCode.values()) {
			String row = "| `" + code.name() + "` | " + code.status().value() + " | " + (code.retryable() ? "yes" : "no")
					+ " |";
			assertThat(doc).as("docs/errors.md row for %s", code).contains(row);
		}
		long documentedRows = Pattern.compile("^\\| `[A-Z_]+` \\|", Pattern.MULTILINE).matcher(doc).results().count();
		assertThat(documentedRows).as("rows for codes that no longer exist").isEqualTo(ErrorCode.values().length);
	}

}
