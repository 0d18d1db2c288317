package dev.lookout.datasource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.LookoutApplication;
import dev.lookout.security.secrets.KeyRotation;
import dev.lookout.security.secrets.KeyRotationStatus;
import dev.lookout.security.secrets.SealedValues.SealedValue;
import dev.lookout.security.secrets.SecretCipher;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rotation from start to end on each application database: passwords stored under key A; a
 * restart with {@code SECRET_KEY=B} and {@code SECRET_KEY_PREVIOUS=A} seals every one again with B
 * in the background; a restart with B alone still opens them all (a data source's connection
 * test needs its password). Each data source is a real PostgreSQL database whose user's
 * password is checked.
 */
class RotationReSealsEveryValueSoThePreviousKeyCanBeDroppedTest {

	private static final String KEY_A = "tG7vQ2xLr9WmZ4kPb8NcY1hJd6FsA3eU0oVqRiXnKyTw";

	private static final String KEY_B = "Hq3Zp8LmV1xR6nTb0WcK5yJf9DsG2uEa7oYiQvNrXkBl";

	private static final int SOURCES = 3;

	private static final TestPostgres.Database QUERIED = TestPostgres.get().createDatabase("rotation_queried");

	@Test
	void onH2(@TempDir Path directory) throws Exception {
		rotateAndDropThePreviousKey("jdbc:h2:file:" + Files.createDirectories(directory).resolve("lookout")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
	}

	@Test
	void onPostgres() {
		rotateAndDropThePreviousKey(TestPostgres.get().createDatabase("rotation_app").postgresUrl());
	}

	private void rotateAndDropThePreviousKey(String appDatabase) {
		Map<Long, String> passwords = new LinkedHashMap<>();
		try (ConfigurableApplicationContext underA = start(appDatabase, KEY_A, null)) {
			DataSources sources = underA.getBean(DataSources.class);
			for (int i = 0; i < SOURCES; i++) {
				DataSourceDefinition source = sources.create(Fixtures.postgres(Fixtures.uniqueName("rotated"), QUERIED,
						1, 5000, 100)).source();
				passwords.put(source.id(), TestPostgres.get().password());
			}
			assertThat(sealedValues(underA)).allSatisfy((sealed) -> assertThat(keyId(sealed)).isEqualTo(keyIdOf(KEY_A)));
		}

		try (ConfigurableApplicationContext rotating = start(appDatabase, KEY_B, KEY_A)) {
			KeyRotationStatus status = finishedRotation(rotating);
			assertThat(status.resealed()).isEqualTo(SOURCES);
			assertThat(status.unopenable()).isEmpty();
			assertThat(status.previousKeyCanBeRemoved()).isTrue();
			assertThat(status.advice()).hasValueSatisfying(
					(advice) -> assertThat(advice).contains("SECRET_KEY_PREVIOUS", "can now be removed"));
			SecretCipher keyBAlone = new SecretCipher(KEY_B, Optional.empty());
			for (SealedValue value : rotating.getBean(DataSourcePasswords.class).list()) {
				assertThat(keyId(value.sealed())).isEqualTo(keyIdOf(KEY_B));
				assertThat(keyBAlone.open(value.sealed(), value.context()))
					.isEqualTo(passwords.get(Long.parseLong(value.id())));
			}
		}

		try (ConfigurableApplicationContext underB = start(appDatabase, KEY_B, null)) {
			KeyRotationStatus status = finishedRotation(underB);
			assertThat(status.alreadyCurrent()).isEqualTo(SOURCES);
			assertThat(status.warnings()).isEmpty();
			DataSourcePools pools = underB.getBean(DataSourcePools.class);
			for (long id : passwords.keySet()) {
				assertThat(underB.getBean(DataSources.class).password(id)).contains(passwords.get(id));
				ConnectionCheck check = pools.check(id);
				assertThat(check.ok()).as(() -> "connection test: " + check.reason()).isTrue();
			}
			aValueChangedBetweenReadAndReplaceIsNotOverwritten(underB);
		}
	}

	/** An admin saves a new password after the rotation read the old one: the admin's stays. */
	private static void aValueChangedBetweenReadAndReplaceIsNotOverwritten(ConfigurableApplicationContext context) {
		DataSourcePasswords stored = context.getBean(DataSourcePasswords.class);
		DataSources sources = context.getBean(DataSources.class);
		SecretCipher cipher = context.getBean(SecretCipher.class);
		SealedValue read = stored.list().get(0);
		long id = Long.parseLong(read.id());
		sources.update(id, Fixtures.edited(sources.get(id), "typed by an admin", 100));

		boolean replaced = stored.replace(read, cipher.reseal(read.sealed(), read.context()));

		assertThat(replaced).isFalse();
		assertThat(sources.password(id)).contains("typed by an admin");
	}

	private static KeyRotationStatus finishedRotation(ConfigurableApplicationContext context) {
		KeyRotation rotation = context.getBean(KeyRotation.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rotation.status().state() == KeyRotationStatus.State.FINISHED);
		return rotation.status();
	}

	private static List<String> sealedValues(ConfigurableApplicationContext context) {
		return new ArrayList<>(context.getBean(JdbcClient.class)
			.sql("SELECT password_sealed FROM data_source WHERE password_sealed IS NOT NULL")
			.query(String.class)
			.list());
	}

	private static String keyId(String sealed) {
		return sealed.split("\\.")[1];
	}

	private static String keyIdOf(String key) {
		return keyId(new SecretCipher(key, Optional.empty()).seal("x", "x"));
	}

	private static ConfigurableApplicationContext start(String appDatabase, String key, String previousKey) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--lookout.database.url=" + appDatabase,
				"--SECRET_KEY=" + key, "--WATCHDOG_ENABLED=false"));
		if (previousKey != null) {
			arguments.add("--SECRET_KEY_PREVIOUS=" + previousKey);
		}
		// Arguments, not default properties: they must outrank application.yaml and the test key.
		return new SpringApplicationBuilder(LookoutApplication.class).run(arguments.toArray(String[]::new));
	}

}
