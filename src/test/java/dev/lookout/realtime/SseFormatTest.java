package dev.lookout.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The bytes on the wire, exactly: fields, comments, event ends, and data of several lines. */
class SseFormatTest {

	@Test
	void aStreamStartsWithTheRetryHintAlone() {
		assertThat(text(SseFormat.retry(Duration.ofMillis(500)))).isEqualTo("retry: 500\n\n");
		assertThat(text(SseFormat.retry(Duration.ofSeconds(3)))).isEqualTo("retry: 3000\n\n");
	}

	@Test
	void aClosingStreamAsksForAReconnectAfterTheRetryHint() {
		assertThat(text(SseFormat.reconnect(Duration.ofSeconds(3))))
			.isEqualTo("retry: 3000\nevent: reconnect\ndata: {}\n\n");
	}

	@Test
	void theHeartbeatIsAnEmptyComment() {
		assertThat(text(SseFormat.HEARTBEAT)).isEqualTo(":\n\n");
	}

	@Test
	void theIdIsOneLineBeforeItsEvent() {
		assertThat(text(SseFormat.id("7:lz2k1f0w,9:lz2k1h3a"))).isEqualTo("id: 7:lz2k1f0w,9:lz2k1h3a\n");
		assertThat(text(SseFormat.id(""))).isEqualTo("id: \n");
	}

	@Test
	void anEventOfOneLineIsItsTypeItsDataAndABlankLine() {
		assertThat(text(SseFormat.event("result", bytes("{\"panelId\":7}"))))
			.isEqualTo("event: result\ndata: {\"panelId\":7}\n\n");
		assertThat(text(SseFormat.event("result", new byte[0]))).isEqualTo("event: result\ndata: \n\n");
	}

	@Test
	void dataOfSeveralLinesGoesOutAsOneDataLineEach() {
		assertThat(text(SseFormat.event("result", bytes("a\nb")))).isEqualTo("event: result\ndata: a\ndata: b\n\n");
		// CRLF is one break, a lone CR another, as a client reads them.
		assertThat(text(SseFormat.event("result", bytes("a\r\nb\rc\n\nd"))))
			.isEqualTo("event: result\ndata: a\ndata: b\ndata: c\ndata: \ndata: d\n\n");
		// A trailing break becomes an empty last line, so the client's data ends with LF as sent.
		assertThat(text(SseFormat.event("result", bytes("a\n")))).isEqualTo("event: result\ndata: a\ndata: \n\n");
		assertThat(text(SseFormat.event("result", bytes("a\r")))).isEqualTo("event: result\ndata: a\ndata: \n\n");
	}

	@Test
	void dataKeepsItsUtf8BytesUntouched() {
		byte[] data = bytes("{\"label\":\"Zürich → 東京\"}");
		byte[] event = SseFormat.event("result", data);
		assertThat(event).isEqualTo(bytes("event: result\ndata: {\"label\":\"Zürich → 東京\"}\n\n"));
	}

	@Test
	void refusesAFieldThatWouldBreakItsLine() {
		assertThatIllegalArgumentException().isThrownBy(() -> SseFormat.id("7:1\nevent: forged"))
			.withMessage("An SSE id must be one line without NUL, but was '7:1\nevent: forged'");
		assertThatIllegalArgumentException().isThrownBy(() -> SseFormat.id("7:1\r"));
		assertThatIllegalArgumentException().isThrownBy(() -> SseFormat.id("7:\u00001"))
			.withMessage("An SSE id must be one line without NUL, but was '7:\\01'");
		assertThatIllegalArgumentException().isThrownBy(() -> SseFormat.event("result\ndata: x", bytes("{}")))
			.withMessageStartingWith("An SSE event must be one line");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
