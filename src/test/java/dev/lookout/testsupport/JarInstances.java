package dev.lookout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * What tests of several instances of the packaged jar share: their environment (one application
 * database, one directory, Redis when given), starting them until ready, reading their metrics and
 * results, and closing them with their logs kept in {@code target/} for a failure's diagnosis.
 */
public final class JarInstances {

	/** The key every instance gets, so a session or a sealed secret made on one is read by the others. */
	public static final String SECRET_KEY = "tG7vQ2xLr9WmZ4kPb8NcY1hJd6FsA3eU0oVqRiXnKyTw";

	/** The bearer {@code /metrics} asks for. */
	public static final String METRICS_TOKEN = "q4Wm8Zr2Tx6Lb0Nv3Kc7Yh5Jd9Fs1GaP";

	private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");

	private static final JsonMapper json = JsonMapper.builder().build();

	private JarInstances() {
	}

	/**
	 * The variables of an instance on {@code databases}, signing in against the example directory
	 * (one for all instances: each in development mode would run a directory of its own),
	 * refreshing on a 250 ms tick; a map the test may add to.
	 */
	public static Map<String, String> environment(SharedDatabases databases) {
		return new HashMap<>(Map.of("APP_ENV", "test", "SECRET_KEY", SECRET_KEY, "DATABASE_URL",
				databases.app().postgresUrl(), "PUBLIC_DASHBOARDS", "true", "REFRESH_TICK_INTERVAL", "250ms",
				"METRICS_TOKEN", METRICS_TOKEN, "LDAP_URL", TestDirectory.example().url(), "LDAP_BIND_DN",
				UsesTheExampleDirectory.BIND_DN, "LDAP_BIND_PASSWORD", UsesTheExampleDirectory.BIND_PASSWORD));
	}

	/** The test Redis, emptied: no lease or session of an earlier test. */
	public static String flushedRedis() throws Exception {
		SharedRedis redis = RedisClients.connected(TestRedis.get().url());
		try {
			redis.commands().orElseThrow().flushall().get();
		}
		finally {
			RedisClients.close(redis);
		}
		return TestRedis.get().url();
	}

	/** Starts {@code count} instances into {@code instances} (each in its own directory) and waits until all are ready. */
	public static void start(List<AppProcess> instances, Path workDir, int count, Map<String, String> env,
			Duration ready) throws InterruptedException {
		int first = instances.size();
		for (int i = first; i < first + count; i++) {
			instances.add(AppProcess.start(workDir.resolve("instance-" + i), env));
		}
		for (AppProcess instance : instances.subList(first, instances.size())) {
			instance.awaitHttpOk("/health/ready", ready);
		}
	}

	/** Ends every instance still running and keeps their logs as {@code target/<prefix><index>.log}. */
	public static void closeKeepingLogs(List<AppProcess> instances, String prefix) throws IOException {
		instances.forEach(AppProcess::close);
		for (int i = 0; i < instances.size(); i++) {
			Files.writeString(Path.of("target", prefix + i + ".log"), instances.get(i).output());
		}
	}

	/** The sum of the samples of metric {@code name} (in Prometheus' naming) on {@code instance}; fails if it has none. */
	public static double metric(AppProcess instance, String name) {
		return samples(instance, name)
			.orElseThrow(() -> new AssertionError("No metric " + name + " on port " + instance.port()));
	}

	/**
	 * The sum of the samples of counter {@code name} on {@code instance}; 0 while it has none (a counter
	 * with tags appears with its first count: an instance that refreshed nothing yet has no refresh counter).
	 */
	public static double counter(AppProcess instance, String name) {
		return samples(instance, name).orElse(0.0);
	}

	private static Optional<Double> samples(AppProcess instance, String name) {
		try {
			HttpResponse<String> metrics = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(instance.url("/metrics"))
					.header("Authorization", "Bearer " + METRICS_TOKEN)
					.timeout(Duration.ofSeconds(20))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (metrics.statusCode() != 200) {
				throw new AssertionError("/metrics of port " + instance.port() + " answered " + metrics.statusCode());
			}
			Matcher sample = SAMPLE.matcher(metrics.body());
			double sum = 0;
			boolean found = false;
			while (sample.find()) {
				if (sample.group(1).equals(name)) {
					sum += Double.parseDouble(sample.group(3));
					found = true;
				}
			}
			return found ? Optional.of(sum) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("metrics of port " + instance.port(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** The version of the panel's default-view result an instance serves; 0 before its first (or if it does not answer). */
	public static long resultVersion(AppProcess instance, long panelId) {
		try {
			HttpResponse<String> result = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(instance.url("/api/panels/" + panelId + "/result")).build(),
						HttpResponse.BodyHandlers.ofString());
			return (result.statusCode() == 200) ? json.readTree(result.body()).path("resultVersion").asLong() : 0;
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

}
