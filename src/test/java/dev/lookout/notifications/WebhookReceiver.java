package dev.lookout.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP webhook receiver on 127.0.0.1 that can be down (stopped), slow or answering; it
 * checks each delivery's signature and counts deliveries by idempotency key, as a receiver that
 * deduplicates would.
 */
final class WebhookReceiver {

	enum Mode {
		OK, SLOW, FAIL_503, REFUSE_400
	}

	private final String secret;

	private final int port;

	private HttpServer server;

	volatile Mode mode = Mode.OK;

	volatile long slowMillis = 1500;

	final Map<String, AtomicInteger> byKey = new ConcurrentHashMap<>();

	final List<String> badSignatures = new CopyOnWriteArrayList<>();

	final List<String> bodies = new CopyOnWriteArrayList<>();

	WebhookReceiver(String secret, int port) {
		this.secret = secret;
		this.port = port;
	}

	static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port + "/hook";
	}

	synchronized void up() throws IOException {
		if (this.server != null) {
			return;
		}
		HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 50);
		created.createContext("/hook", this::handle);
		created.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		created.start();
		this.server = created;
	}

	synchronized void down() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	int deliveries(String key) {
		AtomicInteger count = this.byKey.get(key);
		return (count != null) ? count.get() : 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String key = exchange.getRequestHeaders().getFirst(WebhookSignature.KEY_HEADER);
		String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
		String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
		if (!WebhookSignature.verify(this.secret, timestamp, body, signature)) {
			this.badSignatures.add(key);
		}
		Mode now = this.mode;
		int status = 204;
		if (now == Mode.SLOW) {
			try {
				Thread.sleep(this.slowMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		else if (now == Mode.FAIL_503) {
			status = 503;
		}
		else if (now == Mode.REFUSE_400) {
			status = 400;
		}
		if (status == 204 && now != Mode.SLOW) {
			this.byKey.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			this.bodies.add(body);
		}
		else if (now == Mode.SLOW) {
			// Processed late: the sender gave up waiting, so it will come again; a deduplicating
			// receiver counts it once per key either way, this one counts every arrival.
			this.byKey.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		}
		try {
			exchange.sendResponseHeaders(status, -1);
		}
		catch (IOException ex) {
			// The sender stopped waiting.
		}
		try (OutputStream out = exchange.getResponseBody()) {
			out.flush();
		}
		catch (IOException ex) {
			// idem
		}
	}

}
