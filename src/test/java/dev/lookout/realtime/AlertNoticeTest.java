package dev.lookout.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.lookout.alerts.AlertTransitioned;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code alert} event's data, and the notice instances exchange over Redis. */
class AlertNoticeTest {

	private static final AlertTransitioned FIRED = new AlertTransitioned(7, 42, "Errors \"high\" é", 12, "ops",
			Map.of(), "PENDING", "FIRING", "150", Instant.parse("2026-12-03T10:00:00Z"), List.of(1L));

	@Test
	void carriesTheFieldsThePageReadsAsJson() {
		AlertNotice notice = AlertNotice.of("", FIRED);
		assertThat(notice.dashboardSlug()).isEqualTo("ops");
		assertThat(new String(notice.data(), StandardCharsets.UTF_8)).isEqualTo(
				"{\"ruleId\":7,\"panelId\":12,\"state\":\"FIRING\",\"since\":\"2026-12-03T10:00:00Z\",\"value\":\"150\","
						+ "\"ruleName\":\"Errors \\\"high\\\" é\"}");
		assertThat(new String(SseFormat.event("alert", notice.data()), StandardCharsets.UTF_8))
			.startsWith("event: alert\ndata: {\"ruleId\":7,")
			.endsWith("}\n\n");
	}

	@Test
	void survivesTheTripBetweenInstances() {
		AlertNotice sent = AlertNotice.of("instance-a", FIRED);
		assertThat(AlertNotice.decode(sent.encode())).isEqualTo(sent);
		assertThat(AlertNotice.decode("instance-a ops".getBytes(StandardCharsets.UTF_8))).isNull();
		assertThat(AlertNotice.decode("a b not-json".getBytes(StandardCharsets.UTF_8))).isNull();
	}

}
