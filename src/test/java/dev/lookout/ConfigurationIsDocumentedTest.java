package dev.lookout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.lookout.security.guard.SecretStrength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the three places an operator reads about configuration in step: every variable
 * application.yaml reads is in {@code .env.example} with a comment, and the README's table is
 * exactly what those two say (the failure message prints the table to paste).
 */
class ConfigurationIsDocumentedTest {

	private static final Pattern ENTRY = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=(.*)$");

	/** {@code ${NAME:default}}; a default may hold braces one level deep, as LDAP filters do ({@code (uid={0})}). */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::((?:[^{}]|\\{[^{}]*})*))?}");

	/** Variables code reads directly, outside application.yaml: secrets, which may come from files. */
	private static final String[] READ_BY_CODE = { "SECRET_KEY", "SECRET_KEY_FILE", "SECRET_KEY_PREVIOUS",
			"SECRET_KEY_PREVIOUS_FILE", "LDAP_BIND_PASSWORD", "LDAP_BIND_PASSWORD_FILE", "APP_ENV" };

	@Test
	void everyVariableIsInEnvExampleWithAComment() throws IOException {
		Map<String, String> documented = envExample();
		Map<String, String> read = yamlDefaults();
		assertThat(documented.keySet()).containsAll(read.keySet()).contains(READ_BY_CODE);
		assertThat(documented).allSatisfy((name, meaning) -> assertThat(meaning).as(name).isNotBlank());
		TreeSet<String> unused = new TreeSet<>(documented.keySet());
		unused.removeAll(read.keySet());
		unused.removeAll(List.of(READ_BY_CODE));
		assertThat(unused).as("documented but read nowhere").isEmpty();
	}

	@Test
	void readmeTableMatchesEnvExampleAndDefaults() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		String start = "<!-- configuration table: generated from .env.example and application.yaml -->\n";
		String end = "<!-- end of configuration table -->";
		assertThat(readme).contains(start, end);
		String actual = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf(end));
		assertThat(actual).as("README configuration table; expected:\n%s", expectedTable()).isEqualTo(expectedTable());
	}

	@Test
	void envExampleSecretIsOneTheGuardRefuses() throws IOException {
		String example = Files.readAllLines(Path.of(".env.example"))
			.stream()
			.filter((line) -> line.startsWith("SECRET_KEY="))
			.findFirst()
			.orElseThrow()
			.substring("SECRET_KEY=".length());
		assertThat(SecretStrength.weaknesses(example)).anyMatch((w) -> w.contains("placeholder"));
	}

	private static String expectedTable() throws IOException {
		Map<String, String> defaults = yamlDefaults();
		return "| Variable | Default | Meaning |\n|---|---|---|\n" + envExample().entrySet()
			.stream()
			.map((e) -> "| `" + e.getKey() + "` | " + defaultOf(defaults.get(e.getKey())) + " | " + e.getValue() + " |\n")
			.collect(Collectors.joining());
	}

	private static String defaultOf(String value) {
		return (value == null || value.isEmpty()) ? "" : "`" + value + "`";
	}

	/** Variable → its one-line meaning, in file order. */
	private static Map<String, String> envExample() throws IOException {
		Map<String, String> entries = new LinkedHashMap<>();
		String comment = "";
		for (String line : Files.readAllLines(Path.of(".env.example"))) {
			Matcher entry = ENTRY.matcher(line);
			if (entry.matches()) {
				entries.put(entry.group(1), comment);
				comment = "";
			}
			else if (line.startsWith("# ")) {
				comment = line.substring(2).strip();
			}
			else {
				comment = "";
			}
		}
		return entries;
	}

	/** Variable → its default in application.yaml ("" when none). */
	private static Map<String, String> yamlDefaults() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		Matcher placeholder = PLACEHOLDER.matcher(Files.readString(Path.of("src/main/resources/application.yaml")));
		while (placeholder.find()) {
			defaults.put(placeholder.group(1), (placeholder.group(2) != null) ? placeholder.group(2) : "");
		}
		return defaults;
	}

}
