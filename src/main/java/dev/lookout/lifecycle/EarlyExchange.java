package dev.lookout.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import dev.lookout.web.PlainAnswer;
import dev.lookout.web.ProblemWriter;
import dev.lookout.web.RequestIds;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * One connection to the {@link EarlyPort}, driven by its loop without blocking: the request head
 * read, its starting answer written with {@code Connection: close}, then what the client still
 * sends read and dropped until it closes, so that closing does not reset the connection before the
 * client has read the answer (it may have sent a body nobody reads). HTTP/1 only as far as the
 * starting answers need: the request line, {@code Accept} and the request id.
 */
final class EarlyExchange {

	/** A request head larger than this is refused: the starting answers need the request line and two headers. */
	static final int MAX_HEAD = 8192;

	/** How long one exchange may take, from accept to close: a slow client cannot hold a connection longer. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final StartingAnswers answers;

	private final long deadline = System.nanoTime() + TIMEOUT.toNanos();

	private final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);

	private ByteBuffer out;

	private boolean draining;

	EarlyExchange(StartingAnswers answers) {
		this.answers = answers;
	}

	boolean isOverdue(long nanoTime) {
		return nanoTime - this.deadline > 0;
	}

	/** Goes as far as the connection lets it now: {@code key} is its key, ready for what it asked. */
	void step(SelectionKey key) throws IOException {
		SocketChannel client = (SocketChannel) key.channel();
		try {
			if (this.out == null && !read(client, key)) {
				return;
			}
			if (!this.draining) {
				client.write(this.out);
				if (this.out.hasRemaining()) {
					return;
				}
				client.shutdownOutput();
				this.draining = true;
				key.interestOps(SelectionKey.OP_READ);
				return;
			}
			this.in.clear();
			if (client.read(this.in) < 0) {
				client.close();
			}
		}
		catch (IOException clientGone) {
			client.close();
		}
	}

	/** Reads what came; true once the answer is ready to write. */
	private boolean read(SocketChannel client, SelectionKey key) throws IOException {
		if (client.read(this.in) < 0) {
			client.close();
			return false;
		}
		String received = new String(this.in.array(), 0, this.in.position(), StandardCharsets.ISO_8859_1);
		int end = received.indexOf("\r\n\r\n");
		if (end < 0 && this.in.hasRemaining()) {
			return false;
		}
		this.out = ByteBuffer.wrap(answerTo((end < 0) ? "" : received.substring(0, end)));
		key.interestOps(SelectionKey.OP_WRITE);
		return true;
	}

	/**
	 * The bytes answering a request whose head is {@code head} (without its blank line): the starting
	 * answer, or 400 {@code BAD_REQUEST} when it is not an HTTP/1 request for a path.
	 */
	private byte[] answerTo(String head) {
		String[] lines = head.split("\r\n");
		String[] requestLine = lines[0].split(" ");
		String accept = null;
		String offeredId = null;
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = lines[i].substring(colon + 1).trim();
				if (name.equals("accept")) {
					accept = value;
				}
				else if (name.equals(RequestIds.HEADER.toLowerCase(Locale.ROOT))) {
					offeredId = value;
				}
			}
		}
		URI target = (requestLine.length == 3 && requestLine[2].startsWith("HTTP/1.")) ? target(requestLine[1]) : null;
		if (target == null) {
			return bytes(ProblemWriter.render(Failure.of(ErrorCode.BAD_REQUEST, "The request could not be read."), "/",
					RequestIds.accept(offeredId), accept), requestLine[0]);
		}
		// Normalized as Tomcat does before a path decides anything: no dot segments, no path parameters.
		String path = target.normalize().getPath().replaceAll(";[^/]*", "");
		return bytes(this.answers.to(path, target.getRawPath(), offeredId, accept), requestLine[0]);
	}

	/** The request target as a URI with an absolute path, or {@code null} when it is none. */
	private static URI target(String requestTarget) {
		try {
			URI uri = new URI(requestTarget);
			return (uri.getRawPath() != null && uri.getRawPath().startsWith("/")) ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static byte[] bytes(PlainAnswer answer, String method) {
		HttpStatus status = HttpStatus.resolve(answer.status());
		StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status())
			.append(' ')
			.append((status != null) ? status.getReasonPhrase() : "")
			.append("\r\n");
		answer.headers()
			.forEach((name, values) -> values.forEach((value) -> head.append(name).append(": ").append(value).append("\r\n")));
		head.append(HttpHeaders.CONTENT_LENGTH).append(": ").append(answer.body().length).append("\r\n");
		head.append(HttpHeaders.CONNECTION).append(": close\r\n\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		if ("HEAD".equals(method)) {
			return headBytes;
		}
		byte[] all = new byte[headBytes.length + answer.body().length];
		System.arraycopy(headBytes, 0, all, 0, headBytes.length);
		System.arraycopy(answer.body(), 0, all, headBytes.length, answer.body().length);
		return all;
	}

}
