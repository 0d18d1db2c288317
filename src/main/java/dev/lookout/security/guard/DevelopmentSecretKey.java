package dev.lookout.security.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Development without a key: generate one into {@code <DATA_DIR>/secret.key} (readable by
 * the owner only) and reuse it on later starts, so data encrypted in one session still opens
 * in the next. Warns once, when the key is made.
 */
final class DevelopmentSecretKey {

	static final String FILE_NAME = "secret.key";

	private static final int KEY_BYTES = 48;

	private DevelopmentSecretKey() {
	}

	static void provideIfMissing(ConfigurableEnvironment environment, Log log) {
		if (!(SecretVariables.read(environment, SecretKeyRule.SECRET_KEY) instanceof SecretVariables.Read.Absent)) {
			return;
		}
		Path file = Path.of(environment.getRequiredProperty("lookout.data-dir")).resolve(FILE_NAME);
		String key = readOrCreate(file, log);
		environment.getPropertySources()
			.addLast(new MapPropertySource("lookoutDevelopmentSecretKey", Map.of(SecretKeyRule.SECRET_KEY, key)));
	}

	private static String readOrCreate(Path file, Log log) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			try {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (FileAlreadyExistsException existing) {
				String key = Files.readString(file, StandardCharsets.UTF_8).strip();
				if (!key.isEmpty()) {
					log.info("Development: using the secret key kept in " + file);
					return key;
				}
			}
			byte[] random = new byte[KEY_BYTES];
			new SecureRandom().nextBytes(random);
			String key = Base64.getEncoder().encodeToString(random);
			Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
			log.warn("Development: no SECRET_KEY is set, so one was generated and kept in " + file
					+ " (owner-only). Set SECRET_KEY before running in any other mode.");
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot keep the development secret key in " + file
					+ "; set SECRET_KEY or DATA_DIR to a writable place", ex);
		}
	}

}
