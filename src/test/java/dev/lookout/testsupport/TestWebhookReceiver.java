package dev.lookout.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lookout.notifications.WebhookSignature;

/**
 * A real HTTP webhook receiver on 127.0.0.1 that can be down (stopped), slow, hanging or
 * answering; it checks each delivery's signature and counts, by idempotency key, the deliveries
 * that arrived and those it answered 2xx in time, as a receiver that deduplicates would see them.
 */
public final class TestWebhookReceiver {

	/** How it answers. */
	public enum Mode {

		/** 204 at once. */
		OK,
		/** 204 after {@link #slowMillis}: later than a short channel timeout. */
		SLOW,
		/**
		 * No answer: held in flight until {@link #release()}, a change of mode or 60 s, then the
		 * connection is closed unanswered, as a receiver that crashed would.
		 */
		HANG,
		/** 503, a failure the sender retries. */
		FAIL_503,
		/** 400, a final refusal. */
		REFUSE_400

	}

	private final String secret;

	private final int port;

	private HttpServer server;

	private volatile Mode mode = Mode.OK;

	private volatile long slowMillis = 1500;

	private volatile CountDownLatch hanging = new CountDownLatch(1);

	private final Map<String, AtomicInteger> arrived = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();

	private final List<String> badSignatures = new CopyOnWriteArrayList<>();

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	public TestWebhookReceiver(String secret) {
		this.secret = secret;
		this.port = AppProcess.freePort();
	}

	public String url() {
		return "http://127.0.0.1:" + this.port + "/hook";
	}

	public void mode(Mode mode) {
		this.mode = mode;
		if (mode != Mode.HANG) {
			release();
		}
	}

	public void slowMillis(long millis) {
		this.slowMillis = millis;
	}

	/** Ends the deliveries held by {@link Mode#HANG}, unanswered. */
	public void release() {
		CountDownLatch held = this.hanging;
		this.hanging = new CountDownLatch(1);
		held.countDown();
	}

	public synchronized void up() {
		if (this.server != null) {
			return;
		}
		try {
			HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 50);
			created.createContext("/hook", this::handle);
			created.setExecutor(Executors.newCachedThreadPool());
			created.start();
			this.server = created;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public synchronized void down() {
		release();
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	/** Deliveries of {@code key} that arrived, answered or not (a slow or cut one comes again). */
	public int arrivals(String key) {
		return count(this.arrived, key);
	}

	/** Deliveries of {@code key} answered 2xx without the sender having hung up first. */
	public int acknowledged(String key) {
		return count(this.acknowledged, key);
	}

	/** Keys of deliveries whose signature did not verify. */
	public List<String> badSignatures() {
		return List.copyOf(this.badSignatures);
	}

	/** The bodies of the deliveries acknowledged. */
	public List<String> bodies() {
		return List.copyOf(this.bodies);
	}

	private static int count(Map<String, AtomicInteger> counts, String key) {
		AtomicInteger count = counts.get(key);
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
			this.badSignatures.add(String.valueOf(key));
		}
		this.arrived.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		Mode now = this.mode;
		int status = switch (now) {
			case FAIL_503 -> 503;
			case REFUSE_400 -> 400;
			default -> 204;
		};
		try {
			if (now == Mode.SLOW) {
				Thread.sleep(this.slowMillis);
			}
			else if (now == Mode.HANG) {
				this.hanging.await(60, TimeUnit.SECONDS);
				exchange.close();
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (OutputStream out = exchange.getResponseBody()) {
			exchange.sendResponseHeaders(status, -1);
			out.flush();
			if (status == 204) {
				this.acknowledged.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
				this.bodies.add(body);
			}
		}
		catch (IOException ex) {
			// The sender stopped waiting (its timeout) or is gone: not acknowledged.
		}
	}

}
