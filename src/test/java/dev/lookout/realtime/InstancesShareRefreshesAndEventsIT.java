package dev.lookout.realtime;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.JarInstances;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.SharedDatabases;
import dev.lookout.testsupport.SseClient;
import dev.lookout.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of the packaged jar against one PostgreSQL, one Redis and one directory: a
 * session made by signing in on one instance (and its CSRF token) is accepted by the others;
 * together they run each panel's query once per interval (counted by the data source's server,
 * pg_stat_statements), every viewer on every instance gets every new result whichever instance
 * refreshed it, and when the instance holding a panel's lease is killed another one refreshes
 * that panel at its next turn.
 */
class InstancesShareRefreshesAndEventsIT {

	private static final int PANELS = 3;

	private static final int INTERVAL_SECONDS = 5;

	private static final Pattern INSTANCE = Pattern.compile("as instance ([0-9a-f-]{36})");

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path workDir;

	private Map<String, String> env;

	private SharedDatabases databases;

	@Test
	void theInstancesRefreshEachPanelOncePerIntervalAndPushEveryResultToEveryViewer() throws Exception {
		List<Long> panels = sharedDatabasesAndRedis();
		List<AppProcess> instances = new ArrayList<>();
		List<SseClient> viewers = new ArrayList<>();
		try {
			start(instances, 3, panels);
			aSessionMadeOnOneInstanceIsAcceptedByTheOthers(instances);
			for (AppProcess instance : instances) {
				viewers.add(SseClient.open("127.0.0.1", instance.port(), "/api/stream?dashboard=scale", null, null));
			}
			SharedDatabases.resetStatements();
			List<Map<Long, Set<Long>>> seen = new ArrayList<>();
			viewers.forEach((viewer) -> seen.add(new HashMap<>()));
			Duration window = Duration.ofSeconds(6L * INTERVAL_SECONDS);
			collect(viewers, seen, Instant.now().plus(window));
			long queries = panelStatements();

			// Six intervals: about six runs per panel in all, not three times that.
			assertThat(queries).isBetween((long) PANELS * 5, (long) PANELS * 7);
			for (int v = 0; v < viewers.size(); v++) {
				for (long panel : panels) {
					assertThat(seen.get(v).getOrDefault(panel, Set.of())).as("versions of panel %d on instance %d", panel, v)
						.hasSizeGreaterThanOrEqualTo(4);
				}
			}
			// Each viewer saw (nearly) every refresh, and there were about as many as one instance makes:
			// most results reached most viewers from another instance.
			long delivered = seen.stream().mapToLong((byPanel) -> byPanel.values().stream().mapToLong(Set::size).sum()).sum();
			assertThat(delivered).isGreaterThan(2 * queries);

			// The holder of the first panel's lease dies; another instance refreshes it at its next turn.
			String holder = await().alias("an instance holding the lease of panel " + panels.get(0))
				.atMost(Duration.ofSeconds(INTERVAL_SECONDS))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> leaseHolder(panels.get(0)),
						(current) -> instances.stream().anyMatch((instance) -> instanceId(instance).equals(current)));
			AppProcess killed = instances.stream()
				.filter((instance) -> instanceId(instance).equals(holder))
				.findFirst()
				.orElseThrow();
			int survivor = (instances.indexOf(killed) + 1) % instances.size();
			long before = 0;
			for (SseClient.Event event = viewers.get(survivor).next(Duration.ZERO); event != null; event = viewers
				.get(survivor)
				.next(Duration.ZERO)) {
				JsonNode result = json.readTree(event.data());
				if ("result".equals(event.type()) && result.path("panelId").asLong() == panels.get(0)) {
					before = Math.max(before, result.path("resultVersion").asLong());
				}
			}
			Instant killedAt = Instant.now();
			killed.close();
			Duration takeOver = Duration.ofSeconds(INTERVAL_SECONDS + 3);
			boolean refreshed = false;
			while (!refreshed && Instant.now().isBefore(killedAt.plus(takeOver))) {
				SseClient.Event event = viewers.get(survivor).next("result", Duration.ofMillis(200));
				if (event != null) {
					JsonNode result = json.readTree(event.data());
					refreshed = result.path("panelId").asLong() == panels.get(0)
							&& result.path("resultVersion").asLong() > before;
				}
			}
			assertThat(refreshed).as("panel refreshed by another instance within %s of the kill", takeOver).isTrue();
			assertThat(leaseHolder(panels.get(0))).isNotEqualTo(holder);
		}
		finally {
			for (SseClient viewer : viewers) {
				viewer.close();
			}
			JarInstances.closeKeepingLogs(instances, "scale-instance-");
		}
	}

	/**
	 * Two instances; Redis is killed, then started again (empty). While it is down each instance
	 * refreshes every panel itself and its viewers keep getting fresh results; once it is back the
	 * fan-out subscription is renewed, so results refreshed on one instance reach the viewers of
	 * the other again, and the leases make the two run each panel once per interval again.
	 */
	@Test
	void whileRedisIsDownEachInstanceRefreshesItselfAndAfterItRestartsTheyShareAgain() throws Exception {
		List<Long> panels = sharedDatabasesAndRedis();
		TestRedis redis = TestRedis.get();
		List<AppProcess> instances = new ArrayList<>();
		List<SseClient> viewers = new ArrayList<>();
		try {
			start(instances, 2, panels);
			for (AppProcess instance : instances) {
				viewers.add(SseClient.open("127.0.0.1", instance.port(), "/api/stream?dashboard=scale", null, null));
			}
			// Each stream open and fed before Redis goes away.
			for (SseClient viewer : viewers) {
				assertThat(viewer.next("result", Duration.ofSeconds(10))).as("a first result on every stream").isNotNull();
			}

			redis.stop();
			try {
				List<Map<Long, Set<Long>>> duringOutage = List.of(new HashMap<>(), new HashMap<>());
				viewers.forEach(InstancesShareRefreshesAndEventsIT::drain);
				long[] before = refreshes(instances);
				List<JsonNode> stale = new ArrayList<>();
				collect(viewers, duringOutage, stale, Instant.now().plusSeconds(2L * INTERVAL_SECONDS + 2));
				long[] after = refreshes(instances);
				for (int i = 0; i < instances.size(); i++) {
					assertThat(after[i] - before[i]).as("panels instance %d refreshed itself with Redis down", i)
						.isGreaterThanOrEqualTo(PANELS);
					for (long panel : panels) {
						assertThat(duringOutage.get(i).getOrDefault(panel, Set.of()))
							.as("new results of panel %d on instance %d with Redis down", panel, i)
							.isNotEmpty();
					}
				}
				assertThat(stale).as("results pushed marked stale").isEmpty();
			}
			finally {
				redis.start();
			}

			// Renewed by the client's reconnect, which backs off while Redis is away.
			SharedRedis probe = RedisClients.connected(redis.url());
			try {
				await().atMost(Duration.ofSeconds(45))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> subscribers(probe, RedisFanOut.CHANNEL) == instances.size());
			}
			finally {
				RedisClients.close(probe);
			}
			// Until each instance takes its leases in Redis again: one that still cannot runs every panel itself.
			await().atMost(Duration.ofSeconds(45))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> instances.stream().allMatch(InstancesShareRefreshesAndEventsIT::takesLeasesInRedisAgain));
			viewers.forEach(InstancesShareRefreshesAndEventsIT::drain);
			SharedDatabases.resetStatements();
			long[] before = refreshes(instances);
			List<Map<Long, Set<Long>>> seen = List.of(new HashMap<>(), new HashMap<>());
			List<JsonNode> stale = new ArrayList<>();
			int intervals = 4;
			collect(viewers, seen, stale, Instant.now().plusSeconds((long) intervals * INTERVAL_SECONDS));
			long[] after = refreshes(instances);
			long queries = panelStatements();
			// Late deliveries of the last refreshes of the window.
			collect(viewers, seen, stale, Instant.now().plusSeconds(1));

			// Once per panel and interval across both instances, not twice.
			assertThat(queries).isBetween((long) PANELS * (intervals - 1), (long) PANELS * (intervals + 1));
			long total = (after[0] - before[0]) + (after[1] - before[1]);
			long fromOthers = 0;
			for (int i = 0; i < viewers.size(); i++) {
				long own = after[i] - before[i];
				long delivered = seen.get(i).values().stream().mapToLong(Set::size).sum();
				// Every refresh of both instances, give or take those at the window's edges.
				assertThat(delivered).as("results delivered to the viewer on instance %d (its own refreshes: %d of %d)",
						i, own, total)
					.isGreaterThanOrEqualTo(total - PANELS);
				fromOthers = Math.max(fromOthers, delivered - own);
			}
			assertThat(fromOthers).as("results that reached a viewer from the other instance, over Redis").isPositive();
			assertThat(stale).isEmpty();
		}
		finally {
			redis.start();
			for (SseClient viewer : viewers) {
				viewer.close();
			}
			JarInstances.closeKeepingLogs(instances, "redis-restart-instance-");
		}
	}

	/**
	 * The app and data-source databases on the test PostgreSQL (pg_stat_statements on), the
	 * dashboard, and an empty Redis.
	 * @return the ids of the dashboard's panels
	 */
	private List<Long> sharedDatabasesAndRedis() throws Exception {
		this.databases = SharedDatabases.create("scale_app", "scale_source");
		List<Long> panels = dashboard(this.databases);
		this.env = JarInstances.environment(this.databases);
		this.env.put("REDIS_URL", JarInstances.flushedRedis());
		return panels;
	}

	/** Starts {@code count} instances into {@code instances}, waits until ready and every panel has a first result on each. */
	private void start(List<AppProcess> instances, int count, List<Long> panels) throws InterruptedException {
		JarInstances.start(instances, this.workDir, count, this.env, Duration.ofSeconds(90));
		await().atMost(Duration.ofSeconds(3L * INTERVAL_SECONDS))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> instances.stream()
				.allMatch((instance) -> panels.stream().allMatch((panel) -> JarInstances.resultVersion(instance, panel) > 0)));
	}

	/**
	 * Whether the instance's panel leases answered again after each time they could not be taken,
	 * as its log says ({@code RedisPanelLeases} logs both, once per outage).
	 */
	private static boolean takesLeasesInRedisAgain(AppProcess instance) {
		String log = instance.output();
		int outages = occurrences(log, "Panel leases cannot be taken in Redis");
		return outages > 0 && occurrences(log, "Panel leases are taken in Redis again") == outages;
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

	/**
	 * Signed in on the first instance, the same cookie and CSRF token create a dashboard through
	 * each of the others (seen from the first); without the token, another instance refuses.
	 */
	private static void aSessionMadeOnOneInstanceIsAcceptedByTheOthers(List<AppProcess> instances) throws Exception {
		URI first = instances.get(0).url("/");
		SessionClient ada = SessionClient.signedIn(first, "ada");
		String token = ada.csrfToken(first);
		for (int i = 1; i < instances.size(); i++) {
			String slug = "made-on-instance-" + i;
			HttpResponse<String> created = ada.post(instances.get(i).url("/"), "/api/dashboards",
					"{\"slug\":\"" + slug + "\",\"title\":\"Made on instance " + i + "\",\"description\":\"\"}", token);
			assertThat(created.statusCode()).as("created through instance %d: %s", i, created.body()).isEqualTo(201);
			assertThat(ada.get(first, "/api/dashboards/" + slug).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> tokenless = ada.post(instances.get(1).url("/"), "/api/dashboards",
				"{\"slug\":\"no-token\",\"title\":\"No token\",\"description\":\"\"}", null);
		assertThat(tokenless.statusCode()).isEqualTo(403);
		assertThat(SessionClient.code(tokenless)).isEqualTo("CSRF_TOKEN_MISSING");
	}

	private static List<Long> dashboard(SharedDatabases databases) {
		JdbcClient jdbc = databases.appJdbc();
		long sourceId = databases.sourceId();
		jdbc.sql("INSERT INTO dashboard (slug, title, description, version, created_at, updated_at, updated_by)"
				+ " VALUES ('scale', 'Scale', '', 0, now(), now(), 'test')").update();
		long dashboardId = jdbc.sql("SELECT id FROM dashboard WHERE slug = 'scale'").query(Long.class).single();
		List<Long> ids = new ArrayList<>();
		for (int i = 1; i <= PANELS; i++) {
			jdbc.sql("INSERT INTO panel (dashboard_id, position, title, data_source_id, sql, visualization, options,"
					+ " refresh_seconds, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'table', '{}', ?, 0,"
					+ " now(), now())")
				.params(dashboardId, i - 1, "Panel " + i, sourceId, "SELECT " + i + " AS scale_marker_" + i,
						INTERVAL_SECONDS)
				.update();
		}
		ids.addAll(jdbc.sql("SELECT id FROM panel WHERE dashboard_id = ? ORDER BY position")
			.param(dashboardId)
			.query(Long.class)
			.list());
		return ids;
	}

	private static void collect(List<SseClient> viewers, List<Map<Long, Set<Long>>> seen, Instant until)
			throws Exception {
		collect(viewers, seen, new ArrayList<>(), until);
	}

	/** Collects the result versions each viewer gets until {@code until}; those marked stale also go to {@code stale}. */
	private static void collect(List<SseClient> viewers, List<Map<Long, Set<Long>>> seen, List<JsonNode> stale,
			Instant until) throws Exception {
		while (Instant.now().isBefore(until)) {
			for (int v = 0; v < viewers.size(); v++) {
				SseClient.Event event = viewers.get(v).next(Duration.ofMillis(20));
				while (event != null) {
					if ("result".equals(event.type())) {
						JsonNode result = json.readTree(event.data());
						if (result.path("stale").asBoolean()) {
							stale.add(result);
						}
						seen.get(v)
							.computeIfAbsent(result.path("panelId").asLong(), (key) -> new TreeSet<>())
							.add(result.path("resultVersion").asLong());
					}
					event = viewers.get(v).next(Duration.ZERO);
				}
			}
		}
	}

	/** Discards the events a viewer holds. */
	private static void drain(SseClient viewer) {
		try {
			while (viewer.next(Duration.ZERO) != null) {
				// Older than what is measured next.
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Each instance's refreshes so far, as its {@code lookout_refreshes_total} counts them (all outcomes). */
	private static long[] refreshes(List<AppProcess> instances) {
		return instances.stream()
			.mapToLong((instance) -> (long) JarInstances.counter(instance, "lookout_refreshes_total"))
			.toArray();
	}

	/** Connections subscribed to {@code channel}, as Redis counts them. */
	private static long subscribers(SharedRedis redis, String channel) throws Exception {
		Map<byte[], Long> counts = redis.commands().orElseThrow().pubsubNumsub(channel.getBytes()).get();
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	/** Runs of the panels' statements, as the PostgreSQL server counted them. */
	private long panelStatements() throws Exception {
		return this.databases.sourceStatementCalls("scale_marker_");
	}

	private static String leaseHolder(long panelId) throws Exception {
		SharedRedis redis = RedisClients.connected(TestRedis.get().url());
		try {
			byte[] value = redis.commands().orElseThrow().get(("lookout:lease:" + panelId).getBytes()).get();
			return (value != null) ? new String(value) : "";
		}
		finally {
			RedisClients.close(redis);
		}
	}

	private static String instanceId(AppProcess instance) {
		Matcher matcher = INSTANCE.matcher(instance.output());
		return matcher.find() ? matcher.group(1) : "?";
	}

}
