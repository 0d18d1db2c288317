package dev.lookout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM, started on first use on a free port bound to
 * 127.0.0.1 only. It owns its data directory, so a test can stop it and start it again on
 * the same port with its data, or pause it to get a database that hangs instead of one that
 * refuses. It stops and deletes its data directory when the JVM exits.
 * <p>
 * Tests connect as {@link #username()}, whose password is checked (SCRAM) and needs
 * percent-encoding in a URL, so URL handling is exercised for real. Tests that change
 * the server's state must leave it started and resumed.
 */
public final class TestPostgres {

	private static final String USERNAME = "lookout";

	private static final String PASSWORD = "test p@ss:w/rd%";

	private static final String DEFAULT_DATABASE = "lookout";

	/** Trusted on loopback only: the harness administers the server, tests use {@link #USERNAME}. */
	private static final String SUPERUSER = "postgres";

	private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final Path dataDirectory;

	private final int port;

	/** The running server, or {@code null} while stopped. */
	private EmbeddedPostgres server;

	private boolean paused;

	private TestPostgres(Path dataDirectory, int port) {
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	/** The server of this JVM, started on first call. */
	public static TestPostgres get() {
		return Holder.INSTANCE;
	}

	public int port() {
		return this.port;
	}

	public String username() {
		return USERNAME;
	}

	public String password() {
		return PASSWORD;
	}

	/** The JDBC URL of the shared default database, without credentials. */
	public String jdbcUrl() {
		return jdbcUrl(DEFAULT_DATABASE);
	}

	/** The shared default database as {@code postgres://user:password@127.0.0.1:port/db}. */
	public String postgresUrl() {
		return postgresUrl(DEFAULT_DATABASE);
	}

	/** A new empty database owned by {@link #username()}; one of that name is dropped first. */
	public Database createDatabase(String name) {
		if (!DATABASE_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain lower-case database name: " + name);
		}
		// FORCE ends sessions an earlier test left open, which would make the drop fail.
		execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name + " OWNER " + USERNAME);
		return new Database(name, jdbcUrl(name), postgresUrl(name));
	}

	/** A superuser connection to the {@code postgres} database, for inspecting or killing sessions. */
	public Connection adminConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
	}

	/** Starts the server again on the same port with the same data; does nothing while it runs. */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		try {
			this.server = EmbeddedPostgres.builder()
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(this.port)
				.setServerConfig("listen_addresses", ServerProcesses.LOOPBACK)
				// Its own socket directory, so it never meets the machine's server in /tmp.
				.setServerConfig("unix_socket_directories", this.dataDirectory.toString())
				.setServerConfig("max_connections", "200")
				// Counts every statement on the server side: load tests prove what reached the database.
				.setServerConfig("shared_preload_libraries", "pg_stat_statements")
				.setPGStartupWait(Duration.ofSeconds(30))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start in " + this.dataDirectory, ex);
		}
	}

	/** Stops the server (fast shutdown: sessions are ended); connections are refused until {@link #start()}. */
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		// A stopped postmaster would not act on pg_ctl's shutdown request.
		resume();
		try {
			// pg_ctl stop, which waits for the postmaster to remove postmaster.pid as its last act.
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// At JVM exit the library's own hook may be the one running pg_ctl: give it its 5 s.
		awaitShutdown(Duration.ofSeconds(6));
		// Still running: pg_ctl gave up, so the server goes the hard way.
		runningPostmaster().ifPresent((postmaster) -> {
			ServerProcesses.kill(postmaster);
			deletePidFile();
		});
		this.server = null;
	}

	public synchronized void restart() {
		stop();
		start();
	}

	/**
	 * Freezes the postmaster and every backend with SIGSTOP: connections still open at the
	 * TCP level, but nothing answers, as with a hung or overloaded database.
	 */
	public synchronized void pause() {
		if (this.paused) {
			return;
		}
		ProcessHandle postmaster = postmaster();
		// The postmaster first, so that it forks no backend we would miss.
		ServerProcesses.signal("STOP", List.of(postmaster));
		ServerProcesses.signal("STOP", postmaster.descendants().toList());
		this.paused = true;
	}

	public synchronized void resume() {
		if (!this.paused) {
			return;
		}
		ProcessHandle postmaster = postmaster();
		List<ProcessHandle> processes = new ArrayList<>(postmaster.descendants().toList());
		processes.add(postmaster);
		ServerProcesses.signal("CONT", processes);
		this.paused = false;
	}

	private ProcessHandle postmaster() {
		if (this.server == null) {
			throw new IllegalStateException("PostgreSQL is stopped");
		}
		return runningPostmaster().orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
	}

	private Optional<ProcessHandle> runningPostmaster() {
		try {
			// The first line is the postmaster's pid; pg_ctl, our child, has exited long ago.
			List<String> pidFile = Files.readAllLines(pidFile());
			return ProcessHandle.of(Long.parseLong(pidFile.get(0).trim()));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitShutdown(Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		while (Files.exists(pidFile()) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void deletePidFile() {
		try {
			Files.deleteIfExists(pidFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path pidFile() {
		return this.dataDirectory.resolve("postmaster.pid");
	}

	private String jdbcUrl(String database) {
		return "jdbc:postgresql://" + ServerProcesses.LOOPBACK + ":" + this.port + "/" + database;
	}

	private String postgresUrl(String database) {
		return "postgres://" + encode(USERNAME) + ":" + encode(PASSWORD) + "@" + ServerProcesses.LOOPBACK + ":"
				+ this.port + "/" + database;
	}

	private static String encode(String value) {
		// URLEncoder writes a space as '+', which means '+' in a URL's user info.
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private void execute(String... statements) {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Administering the test PostgreSQL failed", ex);
		}
	}

	/** After the first start: the login role with a checked password, and its default database. */
	private void provision() throws IOException {
		execute("CREATE ROLE " + USERNAME + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'",
				"CREATE DATABASE " + DEFAULT_DATABASE + " OWNER " + USERNAME);
		// initdb trusts everyone; from now on only the harness's superuser is trusted.
		Files.writeString(this.dataDirectory.resolve("pg_hba.conf"), """
				local all all trust
				host all %s %s/32 trust
				host all all %s/32 scram-sha-256
				""".formatted(SUPERUSER, ServerProcesses.LOOPBACK, ServerProcesses.LOOPBACK));
		// A restart rather than a reload: a reload also rereads postgresql.conf and complains
		// that it disagrees with our command-line max_connections.
		restart();
	}

	private void destroy() {
		stop();
		try (Stream<Path> files = Files.walk(this.dataDirectory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A database of this server; connect with the server's {@link #username()} and {@link #password()}. */
	public record Database(String name, String jdbcUrl, String postgresUrl) {
	}

	private static final class Holder {

		static final TestPostgres INSTANCE = create();

		private static TestPostgres create() {
			try {
				TestPostgres postgres = new TestPostgres(Files.createTempDirectory("lookout-test-postgres"),
						ServerProcesses.freeLoopbackPort());
				postgres.start();
				Runtime.getRuntime().addShutdownHook(new Thread(postgres::destroy, "test-postgres-shutdown"));
				postgres.provision();
				return postgres;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
