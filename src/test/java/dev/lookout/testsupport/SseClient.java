package dev.lookout.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server-sent events client on a plain socket, as small as a browser's: HTTP/1.0, so the
 * stream comes unchunked and ends when the server closes it. Collects whole events; counts
 * comment lines (heartbeats).
 */
public final class SseClient implements AutoCloseable {

	private final Socket socket;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final AtomicInteger comments = new AtomicInteger();

	private final int status;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private volatile boolean ended;

	private SseClient(Socket socket, int status) {
		this.socket = socket;
		this.status = status;
	}

	/** Connects and reads the answer's head; the events are read on a thread of their own. */
	public static SseClient open(String host, int port, String path, String lastEventId, String cookie)
			throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(host, port), 2000);
		socket.setSoTimeout(30000);
		request(socket, path, lastEventId, cookie);
		BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		String statusLine = in.readLine();
		SseClient client = new SseClient(socket, Integer.parseInt(statusLine.split(" ")[1]));
		for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
			int colon = line.indexOf(':');
			client.headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
		}
		Thread reader = new Thread(() -> client.read(in), "sse-client");
		reader.setDaemon(true);
		reader.start();
		return client;
	}

	/** Sends the request and never reads: a client that stalled. */
	public static Socket stalled(String host, int port, String path) throws IOException {
		Socket socket = new Socket();
		// Before connecting, so the window the server sees is small from the start.
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress(host, port), 2000);
		request(socket, path, null, null);
		return socket;
	}

	private static void request(Socket socket, String path, String lastEventId, String cookie) throws IOException {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
				+ "Accept: text/event-stream\r\n");
		if (lastEventId != null) {
			request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
		}
		if (cookie != null) {
			request.append("Cookie: ").append(cookie).append("\r\n");
		}
		OutputStream out = socket.getOutputStream();
		out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	public int status() {
		return this.status;
	}

	public String header(String name) {
		return this.headers.get(name.toLowerCase());
	}

	/** The next event, or {@code null} when none came within {@code wait}. */
	public Event next(Duration wait) throws InterruptedException {
		return this.events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The next event named {@code type}, skipping others; {@code null} when none came within {@code wait}. */
	public Event next(String type, Duration wait) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		while (System.nanoTime() < deadline) {
			Event event = this.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (event != null && type.equals(event.type())) {
				return event;
			}
		}
		return null;
	}

	public int comments() {
		return this.comments.get();
	}

	public boolean ended() {
		return this.ended;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private void read(BufferedReader in) {
		String id = null;
		String type = null;
		String retry = null;
		StringBuilder data = new StringBuilder();
		try {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (line.isEmpty()) {
					if (type != null || data.length() > 0 || retry != null) {
						this.events.add(new Event(id, (type != null) ? type : "message", data.toString(), retry));
					}
					type = null;
					retry = null;
					data.setLength(0);
				}
				else if (line.startsWith(":")) {
					this.comments.incrementAndGet();
				}
				else {
					int colon = line.indexOf(':');
					String field = line.substring(0, colon);
					String value = line.substring(colon + 1).stripLeading();
					switch (field) {
						case "id" -> id = value;
						case "event" -> type = value;
						case "retry" -> retry = value;
						case "data" -> data.append(value);
						default -> {
						}
					}
				}
			}
		}
		catch (IOException ex) {
			// Closed.
		}
		this.ended = true;
	}

	/** One event; {@code id} is the last id seen, as a browser keeps it. */
	public record Event(String id, String type, String data, String retry) {
	}

}
