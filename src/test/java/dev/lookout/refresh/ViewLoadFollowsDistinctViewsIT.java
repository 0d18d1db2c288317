package dev.lookout.refresh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.JarInstances;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.SharedDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar under 1,000 event streams of a dashboard with a {@code region} variable,
 * spread over three distinct views (EU, the default; US; APAC): the data source's server
 * (pg_stat_statements) runs each panel's query once per interval per distinct view, 3 × 4 per
 * interval, however many viewers share them, on one instance and on three sharing the work
 * through Redis leases. When the last viewers of APAC leave, its views expire after their keep
 * time and the rate falls to 2 × 4; a third distinct chosen view beyond {@code MAX_LIVE_VIEWS}
 * is refused with 503 {@code OVERLOADED} and a {@code Retry-After}, and admitted once a view
 * expired.
 * <p>
 * The rate is the least-squares slope of the server's cumulative count of the panels'
 * statements, sampled four times a second over the window: a count over a window of a few
 * intervals is off by up to one run per view at each edge (twelve views refresh in three
 * groups), which alone would be ±8 % at 30 s; the slope is not.
 */
class ViewLoadFollowsDistinctViewsIT {

	private static final int PANELS = 4;

	private static final int INTERVAL_SECONDS = 5;

	/** Streams in each test; {@code -Dviews.viewers=} lowers it on a slow machine. */
	private static final int VIEWERS = Integer.getInteger("views.viewers", 1000);

	/** Measurement window: 8 intervals. */
	private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("views.window-seconds", 40));

	private static final double TOLERANCE = 0.05;

	private static final String[] REGIONS = { "EU", "US", "APAC" };

	private static final String SLUG = "regions";

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path workDir;

	private SharedDatabases databases;

	/**
	 * One instance, {@code MAX_LIVE_VIEWS=8}: exactly the two chosen views' four panels each.
	 * 1,000 viewers over three views cost 3 × 4 queries per interval; a fourth region is refused
	 * (stream and result read); APAC's viewers leave and the rate falls to 2 × 4, and the fourth
	 * region is then admitted.
	 */
	@Test
	void oneInstanceRunsEachDistinctViewOncePerIntervalWithinItsCap() throws Exception {
		Map<String, String> env = environment(Optional.empty());
		env.put("MAX_LIVE_VIEWS", String.valueOf(2 * PANELS));
		List<AppProcess> instances = new ArrayList<>();
		try (Viewers viewers = new Viewers()) {
			List<Long> panels = start(instances, 1, env);
			AppProcess instance = instances.get(0);
			open(viewers, instances, VIEWERS);
			assertThat(viewers.status(200)).as("streams accepted of %d (statuses %s)", VIEWERS, viewers.statuses())
				.isEqualTo(VIEWERS);
			assertThat(gauge(instance, "lookout_views_live")).isEqualTo(2 * PANELS);
			assertThat(gauge(instance, "lookout_views_max")).isEqualTo(2 * PANELS);

			Rate three = measure(instances, "1 instance, 3 views");
			three.assertPerInterval(3 * PANELS);

			// The cap: a third chosen view needs four more live views.
			Viewers.Connection latam = viewers.open("127.0.0.1", instance.port(), path("LATAM"), "LATAM");
			viewers.awaitHeads(Duration.ofSeconds(30));
			assertThat(latam.status()).as("stream of a third chosen view, body %s", latam.body()).isEqualTo(503);
			assertThat(latam.header("retry-after")).as("Retry-After").isNotBlank();
			assertThat(latam.body()).contains("\"OVERLOADED\"");
			HttpResponse<String> read = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(instance.url("/api/panels/" + panels.get(0) + "/result?region=LATAM"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(read.statusCode()).as("result read of a third chosen view: %s", read.body()).isEqualTo(503);
			assertThat(read.headers().firstValue("Retry-After")).isPresent();
			assertThat(read.body()).contains("\"OVERLOADED\"");
			assertThat(gauge(instance, "lookout_views_live")).as("views live after the refusals").isEqualTo(2 * PANELS);

			// APAC's viewers leave: its views expire after their keep time (10 s here).
			viewers.close("APAC");
			awaitLiveViews(instances, PANELS);
			Rate two = measure(instances, "1 instance, 2 views after APAC left");
			two.assertPerInterval(2 * PANELS);

			// Room again for a new chosen view.
			Viewers.Connection admitted = viewers.open("127.0.0.1", instance.port(), path("LATAM"), "LATAM");
			viewers.awaitHeads(Duration.ofSeconds(30));
			assertThat(admitted.status()).as("stream of LATAM once APAC expired").isEqualTo(200);
			assertThat(viewers.status(200)).as("streams open").isEqualTo(VIEWERS - VIEWERS / 3 + 1);
		}
		finally {
			JarInstances.closeKeepingLogs(instances, "views-one-instance-");
		}
	}

	/**
	 * Three instances sharing leases through Redis, the viewers spread over them: still 3 × 4
	 * queries per interval in all, then 2 × 4 once APAC's viewers left every instance.
	 */
	@Test
	void threeInstancesShareEachDistinctViewsRefreshes() throws Exception {
		Map<String, String> env = environment(Optional.of(JarInstances.flushedRedis()));
		List<AppProcess> instances = new ArrayList<>();
		int viewersOnThree = Integer.getInteger("views.viewers-on-three", VIEWERS);
		try (Viewers viewers = new Viewers()) {
			start(instances, 3, env);
			open(viewers, instances, viewersOnThree);
			assertThat(viewers.status(200)).as("streams accepted of %d (statuses %s)", viewersOnThree,
					viewers.statuses())
				.isEqualTo(viewersOnThree);
			for (AppProcess instance : instances) {
				assertThat(gauge(instance, "lookout_views_live")).as("views live on port %d", instance.port())
					.isEqualTo(2 * PANELS);
			}

			Rate three = measure(instances, "3 instances, 3 views");
			three.assertPerInterval(3 * PANELS);
			// Every instance watches the chosen views, yet together they run each once per interval (the rate
			// above): the leases decide. Which instance wins a view's lease is up to timing, one may win them
			// all, so the split is reported, not asserted.
			System.out.println("Queries of chosen views by instance: " + three.chosenViewQueriesByInstance());
			assertThat(three.chosenViewQueriesByInstance().stream().mapToLong(Long::longValue).sum())
				.as("queries of chosen views over the instances").isPositive();

			viewers.close("APAC");
			awaitLiveViews(instances, PANELS);
			Rate two = measure(instances, "3 instances, 2 views after APAC left");
			two.assertPerInterval(2 * PANELS);
		}
		finally {
			JarInstances.closeKeepingLogs(instances, "views-three-instances-");
		}
	}

	// --- setup ---------------------------------------------------------------------------------

	private Map<String, String> environment(Optional<String> redisUrl) throws Exception {
		this.databases = SharedDatabases.create("views_app", "views_source");
		this.databases.sourceJdbc().sql("CREATE TABLE sales (region TEXT NOT NULL, amount INT NOT NULL)").update();
		this.databases.sourceJdbc()
			.sql("INSERT INTO sales SELECT (ARRAY['EU','US','APAC','LATAM'])[1 + i % 4], i FROM"
					+ " generate_series(1, 400) AS i")
			.update();
		this.databases.appJdbc()
			.sql("UPDATE data_source SET pool_size = 4 WHERE id = ?")
			.param(this.databases.sourceId())
			.update();
		Map<String, String> env = JarInstances.environment(this.databases);
		env.put("VIEW_KEEP_AT_LEAST", "10s");
		env.put("VIEW_KEEP_INTERVALS", "1");
		env.put("HTTP_ACCEPT_QUEUE", "1000");
		env.put("SSE_HEARTBEAT", "5s");
		redisUrl.ifPresent((url) -> env.put("REDIS_URL", url));
		return env;
	}

	/**
	 * Starts {@code count} instances, makes the dashboard through the first (signed in as an
	 * editor), and waits until every panel's default view has a result on each.
	 * @return the panels' ids
	 */
	private List<Long> start(List<AppProcess> instances, int count, Map<String, String> env) throws Exception {
		JarInstances.start(instances, this.workDir, count, env, Duration.ofSeconds(180));
		List<Long> panels = dashboard(instances.get(0));
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> instances.stream()
				.allMatch((instance) -> panels.stream().allMatch((panel) -> JarInstances.resultVersion(instance, panel) > 0)));
		return panels;
	}

	private List<Long> dashboard(AppProcess instance) throws Exception {
		URI base = instance.url("/");
		SessionClient ada = SessionClient.signedIn(base, "ada");
		String token = ada.csrfToken(base);
		HttpResponse<String> created = ada.post(base, "/api/dashboards", """
				{"slug":"%s","title":"Regions","description":"",
				 "variables":[{"name":"region","label":"Region","type":"list","options":["EU","US","APAC","LATAM"],
				               "default":["EU"],"allowOther":false}],
				 "timeRange":{"label":"Time range","from":"now-1h","to":"now"}}
				""".formatted(SLUG), token);
		assertThat(created.statusCode()).as("dashboard created: %s", created.body()).isEqualTo(201);
		String[] sql = { "SELECT count(*) AS view_marker_1 FROM sales WHERE region = :region",
				"SELECT sum(amount) AS view_marker_2 FROM sales WHERE region = :region",
				"SELECT max(amount) AS view_marker_3 FROM sales WHERE region = :region",
				"SELECT min(amount) AS view_marker_4 FROM sales WHERE region = :region" };
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < PANELS; i++) {
			Map<String, Object> panel = new LinkedHashMap<>();
			panel.put("title", "Panel " + (i + 1));
			panel.put("dataSourceId", this.databases.sourceId());
			panel.put("sql", sql[i]);
			panel.put("visualization", "table");
			panel.put("refreshSeconds", INTERVAL_SECONDS);
			HttpResponse<String> made = ada.post(base, "/api/dashboards/" + SLUG + "/panels",
					json.writeValueAsString(panel), token);
			assertThat(made.statusCode()).as("panel created: %s", made.body()).isEqualTo(201);
			ids.add(json.readTree(made.body()).path("id").asLong());
		}
		return ids;
	}

	/** {@code count} streams spread round-robin over the instances and the regions. */
	private static void open(Viewers viewers, List<AppProcess> instances, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			String region = REGIONS[i % REGIONS.length];
			AppProcess instance = instances.get((i / REGIONS.length) % instances.size());
			viewers.open("127.0.0.1", instance.port(), path(region), region);
		}
		viewers.awaitHeads(Duration.ofSeconds(120));
	}

	private static String path(String region) {
		return "/api/stream?dashboard=" + SLUG + "&region=" + region;
	}

	private static void awaitLiveViews(List<AppProcess> instances, int live) {
		await().alias("views live on every instance back to " + live)
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> instances.stream().allMatch((instance) -> gauge(instance, "lookout_views_live") == live));
	}

	// --- measurement ---------------------------------------------------------------------------

	/**
	 * After a warm-up of two intervals, samples the panels' statements over {@link #WINDOW}.
	 */
	private Rate measure(List<AppProcess> instances, String label) throws Exception {
		Thread.sleep(2L * INTERVAL_SECONDS * 1000);
		List<Double> before = counters(instances, "lookout_views_queries_total");
		List<double[]> samples = new ArrayList<>();
		long start = System.nanoTime();
		long end = start + WINDOW.toNanos();
		for (long now = start; now < end; now = System.nanoTime()) {
			samples.add(new double[] { (now - start) / 1e9, panelStatements() });
			Thread.sleep(250);
		}
		samples.add(new double[] { (System.nanoTime() - start) / 1e9, panelStatements() });
		List<Double> after = counters(instances, "lookout_views_queries_total");
		List<Long> chosen = new ArrayList<>();
		for (int i = 0; i < before.size(); i++) {
			chosen.add(Math.round(after.get(i) - before.get(i)));
		}
		Rate rate = new Rate(label, samples, chosen);
		System.out.println("[ViewLoadFollowsDistinctViewsIT] " + rate);
		return rate;
	}

	/** Runs of the panels' statements so far, as the PostgreSQL server counts them (all views of a panel in one entry). */
	private long panelStatements() throws Exception {
		return this.databases.sourceStatementCalls("view_marker_");
	}

	private record Rate(String label, List<double[]> samples, List<Long> chosenViewQueriesByInstance) {

		long count() {
			return (long) (this.samples.get(this.samples.size() - 1)[1] - this.samples.get(0)[1]);
		}

		double seconds() {
			return this.samples.get(this.samples.size() - 1)[0];
		}

		/** Least-squares slope of the cumulative count, per second. */
		double slope() {
			double n = this.samples.size();
			double sx = 0;
			double sy = 0;
			for (double[] s : this.samples) {
				sx += s[0];
				sy += s[1];
			}
			double mx = sx / n;
			double my = sy / n;
			double num = 0;
			double den = 0;
			for (double[] s : this.samples) {
				num += (s[0] - mx) * (s[1] - my);
				den += (s[0] - mx) * (s[0] - mx);
			}
			return num / den;
		}

		double perInterval() {
			return slope() * INTERVAL_SECONDS;
		}

		void assertPerInterval(int expected) {
			assertThat(perInterval()).as("%s: panel queries per %d s interval (%s)", this.label, INTERVAL_SECONDS, this)
				.isBetween(expected * (1 - TOLERANCE), expected * (1 + TOLERANCE));
			// The raw count too, allowing each of the views one run more or less at the window's edges.
			double nominal = expected * seconds() / INTERVAL_SECONDS;
			assertThat((double) count()).as("%s: panel queries in %.1f s (%s)", this.label, seconds(), this)
				.isBetween(nominal * (1 - TOLERANCE) - expected, nominal * (1 + TOLERANCE) + expected);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%s: %d panel queries in %.1f s, %.2f per %d s interval (slope), queries of chosen views by instance %s",
					this.label, count(), seconds(), perInterval(), INTERVAL_SECONDS, this.chosenViewQueriesByInstance);
		}

	}

	/** The sum of a metric's samples on each instance. */
	private static List<Double> counters(List<AppProcess> instances, String name) {
		List<Double> values = new ArrayList<>();
		for (AppProcess instance : instances) {
			values.add(JarInstances.metric(instance, name));
		}
		return values;
	}

	private static long gauge(AppProcess instance, String name) {
		return Math.round(JarInstances.metric(instance, name));
	}

	// --- a light client ------------------------------------------------------------------------

	/**
	 * Many event streams on one selector thread: each connection sends an HTTP/1.0 request (so
	 * the stream comes unchunked), reads the answer's head, keeps the first bytes of a refusal's
	 * body, and reads and discards everything else. A thousand cost a thousand sockets and one
	 * thread.
	 */
	static final class Viewers implements AutoCloseable {

		private final Selector selector;

		private final Thread loop;

		private final Queue<Connection> registering = new ConcurrentLinkedQueue<>();

		private final List<Connection> connections = new CopyOnWriteArrayList<>();

		private volatile boolean closed;

		Viewers() throws IOException {
			this.selector = Selector.open();
			this.loop = new Thread(this::run, "viewers");
			this.loop.setDaemon(true);
			this.loop.start();
		}

		/** Connects (blocking, briefly) and sends the request; the answer is read on the selector's thread. */
		Connection open(String host, int port, String path, String tag) throws IOException {
			SocketChannel channel = SocketChannel.open();
			channel.socket().connect(new InetSocketAddress(host, port), 10_000);
			String request = "GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n";
			ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.configureBlocking(false);
			Connection connection = new Connection(channel, tag);
			this.connections.add(connection);
			this.registering.add(connection);
			this.selector.wakeup();
			return connection;
		}

		/** Waits until every connection has its answer's head (or ended without one). */
		void awaitHeads(Duration timeout) {
			await().alias("the answer's head on every stream")
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.connections.stream().allMatch((c) -> c.status != 0 || c.ended));
		}

		/** Open connections answered {@code status}. */
		long status(int status) {
			return this.connections.stream().filter((c) -> c.status == status && !c.ended).count();
		}

		Map<String, Long> statuses() {
			Map<String, Long> counts = new LinkedHashMap<>();
			for (Connection c : this.connections) {
				counts.merge(c.status + (c.ended ? " ended" : ""), 1L, Long::sum);
			}
			return counts;
		}

		/** Closes the connections tagged {@code tag}. */
		void close(String tag) throws IOException {
			for (Connection c : this.connections) {
				if (c.tag.equals(tag)) {
					c.ended = true;
					c.channel.close();
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.closed = true;
			this.selector.wakeup();
			for (Connection c : this.connections) {
				c.channel.close();
			}
			try {
				this.loop.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.selector.close();
		}

		private void run() {
			ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
			byte[] copy = new byte[buffer.capacity()];
			while (!this.closed) {
				try {
					this.selector.select(500);
					for (Connection c = this.registering.poll(); c != null; c = this.registering.poll()) {
						try {
							c.channel.register(this.selector, SelectionKey.OP_READ, c);
						}
						catch (ClosedChannelException ex) {
							c.ended = true;
						}
					}
					for (SelectionKey key : this.selector.selectedKeys()) {
						Connection c = (Connection) key.attachment();
						buffer.clear();
						int read;
						try {
							read = c.channel.read(buffer);
						}
						catch (IOException ex) {
							read = -1;
						}
						if (read < 0) {
							c.ended = true;
							key.cancel();
							c.channel.close();
							continue;
						}
						c.bytes += read;
						if (c.status == 0 || c.body.length() < 2048) {
							buffer.flip();
							buffer.get(copy, 0, read);
							c.take(copy, read);
						}
					}
					this.selector.selectedKeys().clear();
				}
				catch (IOException | RuntimeException ex) {
					if (!this.closed) {
						ex.printStackTrace();
					}
				}
			}
		}

		static final class Connection {

			private final SocketChannel channel;

			private final String tag;

			private final StringBuilder head = new StringBuilder();

			private final StringBuilder body = new StringBuilder();

			private final Map<String, String> headers = new HashMap<>();

			private volatile int status;

			private volatile boolean ended;

			private long bytes;

			Connection(SocketChannel channel, String tag) {
				this.channel = channel;
				this.tag = tag;
			}

			int status() {
				return this.status;
			}

			String header(String name) {
				return this.headers.get(name);
			}

			synchronized String body() {
				return this.body.toString();
			}

			private synchronized void take(byte[] bytes, int length) {
				String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
				if (this.status != 0) {
					this.body.append(text, 0, Math.min(text.length(), 2048 - this.body.length()));
					return;
				}
				this.head.append(text);
				int end = this.head.indexOf("\r\n\r\n");
				if (end < 0) {
					return;
				}
				String[] lines = this.head.substring(0, end).split("\r\n");
				for (int i = 1; i < lines.length; i++) {
					int colon = lines[i].indexOf(':');
					if (colon > 0) {
						this.headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
								lines[i].substring(colon + 1).trim());
					}
				}
				String rest = this.head.substring(end + 4);
				this.body.append(rest, 0, Math.min(rest.length(), 2048));
				this.status = Integer.parseInt(lines[0].split(" ")[1]);
			}

		}

	}

}
