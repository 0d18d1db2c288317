package dev.lookout.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Reads a data-source file ({@code kind: datasource}) of the provisioning directory: its keys,
 * the source's rules (as an admin's source meets them), and its password from the environment
 * variable ({@code passwordEnv}) or the secret file ({@code passwordFile}) it names; a file with
 * a {@code password} of its own is refused, the password is never read from it.
 */
@Component
class DataSourceFileReader {

	static final String KIND = "datasource";

	private static final Set<String> KEYS = Set.of("kind", "name", "url", "username", "passwordEnv", "passwordFile",
			"poolSize", "queryTimeoutMs", "rowLimit");

	/** The rules' names for the file's keys, where they differ. */
	private static final Map<String, String> FILE_KEYS = Map.of("jdbcUrl", "url");

	private final DataSourceProvisioning provisioning;

	DataSourceFileReader(DataSourceProvisioning provisioning) {
		this.provisioning = provisioning;
	}

	/** @throws FileRefused naming the line and the field of the first problem */
	ProvisionedDataSource read(YamlDocument document) {
		DashboardFileReader.requireKind(document, KIND);
		JsonNode root = document.root();
		if (root.has("password")) {
			throw document.refuse("password", "must not be in the file: name the environment variable that holds it"
					+ " (passwordEnv) or a secret file (passwordFile)");
		}
		DashboardFileReader.onlyKeys(document, root, "", KEYS);
		ProvisionedDataSource declared = new ProvisionedDataSource(scalar(document, "name"), scalar(document, "url"),
				scalar(document, "username"), password(document),
				number(document, "poolSize", ProvisionedDataSource.DEFAULT_POOL_SIZE),
				Duration.ofMillis(number(document, "queryTimeoutMs", ProvisionedDataSource.DEFAULT_QUERY_TIMEOUT_MS)),
				number(document, "rowLimit", ProvisionedDataSource.DEFAULT_ROW_LIMIT));
		Map<String, String> problems = this.provisioning.problems(declared);
		if (!problems.isEmpty()) {
			Map.Entry<String, String> first = problems.entrySet().iterator().next();
			throw document.refuse(FILE_KEYS.getOrDefault(first.getKey(), first.getKey()), first.getValue());
		}
		return declared;
	}

	/** From the variable or the file named; none when the file names neither. */
	private static String password(YamlDocument document) {
		String variable = scalar(document, "passwordEnv");
		String file = scalar(document, "passwordFile");
		if (variable != null && file != null) {
			throw document.refuse("passwordFile", "cannot go with passwordEnv: name one place for the password");
		}
		if (variable != null) {
			String value = System.getenv(variable);
			if (value == null) {
				throw document.refuse("passwordEnv", "names the environment variable " + variable + ", which is not set");
			}
			return value;
		}
		if (file != null) {
			try {
				return Files.readString(Path.of(file)).strip();
			}
			catch (IOException | RuntimeException ex) {
				throw document.refuse("passwordFile", "names " + file + ", which cannot be read (" + ex + ")");
			}
		}
		return null;
	}

	private static String scalar(YamlDocument document, String key) {
		return DashboardFileReader.scalar(document, document.root(), key);
	}

	private static int number(YamlDocument document, String key, int absent) {
		JsonNode value = document.root().get(key);
		if (value == null || value.isNull()) {
			return absent;
		}
		return DashboardFileReader.bind(document, value, key, Integer.class);
	}

}
