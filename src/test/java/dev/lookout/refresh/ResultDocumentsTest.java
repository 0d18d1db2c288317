package dev.lookout.refresh;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.datasource.QueryColumn;
import dev.lookout.datasource.QueryResult;
import dev.lookout.refresh.ResultDocuments.LastError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The result document clients program against, in each state, byte for byte. */
class ResultDocumentsTest {

	private static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant FAILED_AT = Instant.parse("2026-01-01T00:01:00Z");

	private final ResultDocuments documents = new ResultDocuments();

	private final QueryResult result = new QueryResult(
			List.of(new QueryColumn("day", "date", "DATE"), new QueryColumn("revenue", "number", "NUMERIC"),
					new QueryColumn("note", "string", "TEXT")),
			List.of(Arrays.asList("2026-01-01", new BigDecimal("10.50"), "a \"quoted\" <b>"),
					Arrays.asList("2026-01-02", new BigDecimal("12345678901234567890.000000001"), null)),
			true, 2, Duration.ofMillis(42));

	@Test
	void goodResult() {
		StoredResult stored = this.documents.ok(ViewKey.of(7), this.result, AS_OF, 1767225600000L, Map.of());
		assertThat(json(stored)).isEqualTo("{\"panelId\":7,\"view\":\"7\",\"status\":\"ok\",\"asOf\":\"2026-01-01T00:00:00Z\","
				+ "\"durationMs\":42,\"rowCount\":2,\"truncated\":true,\"rowLimit\":2,"
				+ "\"columns\":[{\"name\":\"day\",\"kind\":\"date\",\"sqlType\":\"DATE\"},"
				+ "{\"name\":\"revenue\",\"kind\":\"number\",\"sqlType\":\"NUMERIC\"},"
				+ "{\"name\":\"note\",\"kind\":\"string\",\"sqlType\":\"TEXT\"}],"
				+ "\"rows\":[[\"2026-01-01\",10.50,\"a \\\"quoted\\\" <b>\"],"
				+ "[\"2026-01-02\",12345678901234567890.000000001,null]],"
				+ "\"stale\":false,\"staleReason\":null,\"lastError\":null,\"resultVersion\":1767225600000,\"parameters\":{}}");
		assertThat(stored.view()).isEqualTo(ViewKey.of(7));
		assertThat(stored.resultVersion()).isEqualTo(1767225600000L);
		assertThat(stored.asOf()).isEqualTo(AS_OF);
		assertThat(stored.stale()).isFalse();
		assertThat(stored.staleReason()).isNull();
		assertThat(stored.etag()).isEqualTo("\"7-1767225600000\"");
	}

	@Test
	void failureKeepsTheDataExactlyAndMarksItStale() {
		StoredResult good = this.documents.ok(ViewKey.of(7), this.result, AS_OF, 1, Map.of());
		LastError error = new LastError("QUERY_TIMEOUT", "The query ran longer than 5000 ms.", FAILED_AT);
		StoredResult stale = this.documents.failed(ViewKey.of(7), Optional.of(good), error, 2);
		assertThat(json(stale)).isEqualTo(json(good)
			.replace("\"stale\":false,\"staleReason\":null,\"lastError\":null,\"resultVersion\":1",
					"\"stale\":true,\"staleReason\":\"QUERY_TIMEOUT\",\"lastError\":{\"code\":\"QUERY_TIMEOUT\","
							+ "\"message\":\"The query ran longer than 5000 ms.\",\"at\":\"2026-01-01T00:01:00Z\"},"
							+ "\"resultVersion\":2"));
		assertThat(stale.asOf()).isEqualTo(AS_OF);
		assertThat(stale.stale()).isTrue();
		assertThat(stale.staleReason()).isEqualTo("QUERY_TIMEOUT");
	}

	@Test
	void pendingBeforeAnyRefresh() {
		StoredResult pending = this.documents.pending(ViewKey.of(9));
		assertThat(json(pending)).isEqualTo("{\"panelId\":9,\"view\":\"9\",\"status\":\"pending\",\"asOf\":null,\"durationMs\":null,"
				+ "\"rowCount\":null,\"truncated\":null,\"rowLimit\":null,\"columns\":[],\"rows\":[],"
				+ "\"stale\":false,\"staleReason\":null,\"lastError\":null,\"resultVersion\":0,\"parameters\":{}}");
		assertThat(pending.pending()).isTrue();
		assertThat(pending.etag()).isEqualTo("\"9-0\"");
	}

	@Test
	void failedFirstRefreshIsPendingWithTheError() {
		LastError error = new LastError("QUERY_FAILED", "relation \"orders\" does not exist", FAILED_AT);
		StoredResult failed = this.documents.failed(ViewKey.of(9), Optional.empty(), error, 3);
		assertThat(json(failed)).isEqualTo("{\"panelId\":9,\"view\":\"9\",\"status\":\"pending\",\"asOf\":null,\"durationMs\":null,"
				+ "\"rowCount\":null,\"truncated\":null,\"rowLimit\":null,\"columns\":[],\"rows\":[],"
				+ "\"stale\":true,\"staleReason\":\"QUERY_FAILED\",\"lastError\":{\"code\":\"QUERY_FAILED\","
				+ "\"message\":\"relation \\\"orders\\\" does not exist\",\"at\":\"2026-01-01T00:01:00Z\"},"
				+ "\"resultVersion\":3,\"parameters\":{}}");
		assertThat(failed.pending()).isTrue();
		assertThat(failed.stale()).isTrue();
	}

	private static String json(StoredResult stored) {
		return new String(stored.body(), StandardCharsets.UTF_8);
	}

}
