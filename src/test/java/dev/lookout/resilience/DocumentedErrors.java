package dev.lookout.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error contract as {@code docs/errors.md} states it to clients, checked against answers
 * received over HTTP: a degraded answer must be a problem document whose code is documented with
 * the status it came with, and a retryable one must say when to retry, in the header and the body.
 */
final class DocumentedErrors {

	private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| (\\d{3}) \\| (yes|no) \\|",
			Pattern.MULTILINE);

	private static final Map<String, Row> ROWS = read();

	private DocumentedErrors() {
	}

	static void assertDocumented(Answer answer) {
		assertThat(answer.contentType()).as("content type of %s", answer).isEqualTo("application/problem+json");
		JsonNode problem = answer.body();
		String code = problem.path("code").asString();
		assertThat(ROWS).as("docs/errors.md rows, for the code of %s", answer).containsKey(code);
		Row row = ROWS.get(code);
		assertThat(answer.status()).as("status of %s", answer).isEqualTo(row.status());
		assertThat(problem.path("status").asInt()).isEqualTo(row.status());
		assertThat(problem.path("type").asString()).isEqualTo("urn:lookout:problem:" + code);
		assertThat(problem.path("requestId").asString()).isNotBlank();
		if (row.retryable()) {
			assertThat(answer.retryAfter()).as("Retry-After of %s", answer).isPositive();
			assertThat(problem.path("retryAfterSeconds").asLong()).isEqualTo(answer.retryAfter());
		}
		else {
			assertThat(answer.retryAfter()).as("Retry-After of %s", answer).isZero();
		}
	}

	private static Map<String, Row> read() {
		try {
			Matcher rows = ROW.matcher(Files.readString(Path.of("docs/errors.md")));
			return rows.results()
				.collect(Collectors.toMap((row) -> row.group(1),
						(row) -> new Row(Integer.parseInt(row.group(2)), row.group(3).equals("yes"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Row(int status, boolean retryable) {
	}

}
