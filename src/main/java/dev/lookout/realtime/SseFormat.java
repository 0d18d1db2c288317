package dev.lookout.realtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server-sent events wire format, and the only place that writes it: the {@code retry:},
 * {@code id:}, {@code event:} and {@code data:} fields, comment lines, and the blank line that
 * ends an event (see the WHATWG HTML standard, "Server-sent events"). Data of several lines
 * (CR, LF or CRLF) goes out as one {@code data:} line each, which a client joins back with LF;
 * a field name or id with a line break in it would end its line early, so none is accepted.
 */
final class SseFormat {

	/** A comment: ignored by clients, it keeps proxies from closing an idle stream. */
	static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

	private SseFormat() {
	}

	/** The first bytes of a stream: how long its client waits before reconnecting. */
	static byte[] retry(Duration retry) {
		return ascii(retryField(retry) + "\n");
	}

	/** The last event of a stream that closes: reconnect after {@code retry}, to any instance. */
	static byte[] reconnect(Duration retry) {
		return concat(ascii(retryField(retry)), event("reconnect", "{}".getBytes(StandardCharsets.US_ASCII)));
	}

	/**
	 * The {@code id:} line that goes before an event, which a client sends back as
	 * {@code Last-Event-ID} when it reconnects.
	 */
	static byte[] id(String id) {
		return (field("id", id) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A whole event of type {@code type}: its {@code event:} line, one {@code data:} line per
	 * line of {@code data} (UTF-8), and the blank line that dispatches it.
	 */
	static byte[] event(String type, byte[] data) {
		byte[] head = (field("event", type) + "\n").getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream event = new ByteArrayOutputStream(head.length + data.length + DATA.length + 2);
		event.writeBytes(head);
		int start = 0;
		for (int i = 0; i < data.length; i++) {
			if (data[i] == '\r' || data[i] == '\n') {
				dataLine(event, data, start, i);
				// CRLF is one line break, not two.
				if (data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
					i++;
				}
				start = i + 1;
			}
		}
		dataLine(event, data, start, data.length);
		event.write('\n');
		return event.toByteArray();
	}

	private static void dataLine(ByteArrayOutputStream event, byte[] data, int from, int to) {
		event.writeBytes(DATA);
		event.write(data, from, to - from);
		event.write('\n');
	}

	private static String retryField(Duration retry) {
		return "retry: " + retry.toMillis() + "\n";
	}

	private static String field(String name, String value) {
		if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
			throw new IllegalArgumentException(
					"An SSE " + name + " must be one line without NUL, but was '" + value.replace("\0", "\\0") + "'");
		}
		return name + ": " + value;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
