package dev.lookout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged jar run as a real process, the way an operator runs it: its own JVM, its own
 * working directory, only the variables the test gives (the inherited ones Lookout reads are
 * removed, so the machine's environment cannot change a test's outcome).
 */
public final class AppProcess implements AutoCloseable {

	private static final Pattern VARIABLE_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=.*$");

	private final Process process;

	private final Path log;

	private final int port;

	private AppProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/** Starts the jar in {@code workDir} with {@code variables}; binds loopback on a free port unless told otherwise. */
	public static AppProcess start(Path workDir, Map<String, String> variables) {
		Map<String, String> env = new HashMap<>(variables);
		env.putIfAbsent("BIND_ADDRESS", "127.0.0.1");
		env.putIfAbsent("PORT", String.valueOf(freePort()));
		try {
			Files.createDirectories(workDir);
			Path log = Files.createTempFile(workDir, "lookout-", ".log");
			ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xshare:auto", "-XX:TieredStopAtLevel=1", "-jar", jar().toString())
				.directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			lookoutVariables().forEach(builder.environment()::remove);
			builder.environment().putAll(env);
			return new AppProcess(builder.start(), log, Integer.parseInt(env.get("PORT")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The packaged application jar that {@code mvn package} made. */
	public static Path jar() {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((p) -> p.getFileName().toString().matches("lookout-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No packaged jar in target/: run `./mvnw verify`"))
				.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every variable .env.example documents: the ones this process must not inherit. */
	private static Stream<String> lookoutVariables() throws IOException {
		return Files.readAllLines(Path.of(".env.example"))
			.stream()
			.map(VARIABLE_LINE::matcher)
			.filter(Matcher::matches)
			.map((m) -> m.group(1));
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	/** Waits for the process to end by itself and returns its exit status. */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("Process did not exit within " + timeout + "; output:\n" + output());
		}
		return this.process.exitValue();
	}

	/** Waits until {@code path} answers 200 on the app's port. */
	public void awaitHttpOk(String path, Duration timeout) throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new AssertionError("Process exited with " + this.process.exitValue() + "; output:\n" + output());
			}
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url(path)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// Not listening yet.
			}
			Thread.sleep(200);
		}
		throw new AssertionError(path + " did not answer 200 within " + timeout + "; output:\n" + output());
	}

	public URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** SIGTERM, as an orchestrator stops a process; returns the exit status. */
	public int terminate(Duration timeout) throws InterruptedException {
		this.process.destroy();
		return awaitExit(timeout);
	}

	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

}
