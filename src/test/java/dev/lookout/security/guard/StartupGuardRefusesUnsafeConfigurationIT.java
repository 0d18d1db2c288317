package dev.lookout.security.guard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.lookout.testsupport.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The guard proven on the packaged jar, run as an operator runs it. Each refused start must
 * exit 78, name the problem and its fix, never echo the secret, and stop before any port is
 * bound: the test holds the port itself, so a process that got as far as the early port or Tomcat
 * would say so ("Could not open the port early", "port already in use", exit 1).
 */
class StartupGuardRefusesUnsafeConfigurationIT {

	private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

	@TempDir
	Path workDir;

	static Stream<Arguments> unsafeKeys() {
		return Stream.of(
				arguments("short", "Zq8Lm2Vx7Rn4Tb", "is 14 bytes long; at least 32 are required"),
				arguments("placeholder from .env.example", SecretStrength.ENV_EXAMPLE_PLACEHOLDER,
						"is a known placeholder value"),
				arguments("one repeated character", "x".repeat(48), "has trivially low diversity"),
				arguments("repeated pattern", "abc".repeat(16), "has trivially low diversity"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unsafeKeys")
	void weakKeyInProductionIsRefused(String kind, String key, String expectedProblem) throws Exception {
		String output = refusedStart(Map.of("SECRET_KEY", key));
		assertThat(output).contains("SECRET_KEY: the secret key " + expectedProblem)
			.contains("openssl rand -base64 48")
			.doesNotContain(key);
	}

	@Test
	void missingKeyInProductionIsRefused() throws Exception {
		String output = refusedStart(Map.of());
		assertThat(output).contains("SECRET_KEY: no secret key is set (neither SECRET_KEY nor SECRET_KEY_FILE)")
			.contains("openssl rand -base64 48");
	}

	@Test
	void unreadableKeyFileIsRefused() throws Exception {
		String output = refusedStart(Map.of("SECRET_KEY_FILE", this.workDir.resolve("absent.key").toString()));
		assertThat(output).contains("SECRET_KEY_FILE: the file").contains("cannot be read");
	}

	@Test
	void weakKeyFromAFileIsRefusedWithoutEchoingIt() throws Exception {
		Path keyFile = Files.writeString(this.workDir.resolve("weak.key"), "abcd".repeat(12) + "\n");
		String output = refusedStart(Map.of("SECRET_KEY_FILE", keyFile.toString()));
		assertThat(output).contains("trivially low diversity").doesNotContain("abcdabcd");
	}

	@Test
	void everyProblemIsListedAtOnce() throws Exception {
		String output = refusedStart(Map.of("APP_ENV", "prod", "SECRET_KEY", "short-one", "METRICS_TOKEN", "changeme",
				"LDAP_BIND_DN", "cn=lookout,dc=example,dc=com"));
		assertThat(output).contains("APP_ENV: \"prod\" is not a mode")
			.contains("set APP_ENV to one of development, test, production")
			.contains("SECRET_KEY: the secret key is 9 bytes long")
			.contains("METRICS_TOKEN: the metrics token is 8 bytes long; at least 32 are required and is a known placeholder value")
			.contains("DATABASE_URL: production needs a PostgreSQL database and none is set")
			.contains("LDAP_URL: production signs users in against an LDAP directory, and none is set")
			.contains("LDAP_BIND_DN: a bind DN is set without a password")
			.doesNotContain("short-one");
	}

	@Test
	void productionRefusesAnUnparsableDatabaseUrlWithoutEchoingIt() throws Exception {
		String output = refusedStart(Map.of("DATABASE_URL", "mysql://admin:hunter2-secret@db/lookout"));
		assertThat(output).contains("DATABASE_URL: ").doesNotContain("hunter2-secret");
	}

	@Test
	void testModeIsAsStrictAsProduction() throws Exception {
		String output = refusedStart(Map.of("APP_ENV", "test"));
		assertThat(output).contains("no secret key is set");
	}

	@Test
	void invalidSettingNamesTheVariableAndItsRange() throws Exception {
		try (AppProcess app = AppProcess.start(this.workDir,
				Map.of("APP_ENV", "development", "HTTP_MAX_THREADS", "0"))) {
			assertThat(app.awaitExit(EXIT_WITHIN)).isNotZero();
			assertThat(app.output()).contains("HTTP_MAX_THREADS = \"0\": must be between 4 and 2000")
				.doesNotContain("Tomcat started");
		}
	}

	@Test
	void developmentWithoutKeyGeneratesAnOwnerOnlyKeyAndReusesIt() throws Exception {
		Map<String, String> development = Map.of("APP_ENV", "development");
		Path keyFile = this.workDir.resolve("data").resolve("secret.key");
		try (AppProcess first = AppProcess.start(this.workDir, development)) {
			first.awaitHttpOk("/", Duration.ofSeconds(90));
			assertThat(first.output()).containsOnlyOnce("no SECRET_KEY is set, so one was generated")
				.containsOnlyOnce("no LDAP_URL is set, so an embedded directory runs at ldap://127.0.0.1:");
			first.terminate(Duration.ofSeconds(30));
		}
		assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		String key = Files.readString(keyFile).strip();
		assertThat(SecretStrength.weaknesses(key)).isEmpty();

		try (AppProcess second = AppProcess.start(this.workDir, development)) {
			second.awaitHttpOk("/", Duration.ofSeconds(90));
			assertThat(second.output()).contains("using the secret key kept in")
				.doesNotContain("one was generated")
				.doesNotContain(key);
			second.terminate(Duration.ofSeconds(30));
		}
		assertThat(Files.readString(keyFile).strip()).isEqualTo(key);
	}

	/** Starts production with {@code variables} while holding its port; expects the guard's refusal. */
	private String refusedStart(Map<String, String> variables) throws Exception {
		try (ServerSocket heldPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Map<String, String> env = new HashMap<>(Map.of("APP_ENV", "production"));
			env.putAll(variables);
			env.put("PORT", String.valueOf(heldPort.getLocalPort()));
			try (AppProcess app = AppProcess.start(this.workDir, env)) {
				int status = app.awaitExit(EXIT_WITHIN);
				String output = app.output();
				assertThat(status).as("exit status; output:\n%s", output).isEqualTo(StartupRefused.EXIT_CODE);
				assertThat(output).contains("Lookout refused to start")
					.doesNotContain("already in use")
					.doesNotContain("port early")
					.doesNotContain("Tomcat initialized")
					.doesNotContain("HikariPool");
				assertThat(Files.exists(this.workDir.resolve("data"))).isFalse();
				return output;
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
