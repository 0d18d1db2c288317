package dev.lookout.security.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.lookout.system.GuardProblem;

import org.springframework.core.env.Environment;

/**
 * Reads a secret given either directly ({@code NAME}) or as a file ({@code NAME_FILE}, the
 * convention of Docker and Kubernetes secrets). One reader for the guard and for the running
 * application, so both see the same value.
 */
final class SecretVariables {

	private SecretVariables() {
	}

	/** The outcome of reading one secret variable: a value, nothing, or a problem. */
	sealed interface Read {

		record Value(String secret) implements Read {

			@Override
			public String toString() {
				return "Value[hidden]";
			}

		}

		record Absent() implements Read {
		}

		record Unusable(GuardProblem problem) implements Read {
		}

	}

	static Read read(Environment environment, String name) {
		String direct = environment.getProperty(name);
		String file = environment.getProperty(name + "_FILE");
		boolean hasDirect = direct != null && !direct.isBlank();
		boolean hasFile = file != null && !file.isBlank();
		if (hasDirect && hasFile) {
			return new Read.Unusable(new GuardProblem(name, "both " + name + " and " + name
					+ "_FILE are set, so it is unclear which one is meant",
					"unset one of " + name + " and " + name + "_FILE"));
		}
		if (hasDirect) {
			return new Read.Value(direct.strip());
		}
		if (!hasFile) {
			return new Read.Absent();
		}
		try {
			String content = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).strip();
			if (content.isEmpty()) {
				return new Read.Unusable(new GuardProblem(name + "_FILE", "the file " + file.strip() + " is empty",
						"write the secret into " + file.strip() + " (" + SecretStrength.HOW_TO_GENERATE + ")"));
			}
			return new Read.Value(content);
		}
		catch (IOException | SecurityException ex) {
			return new Read.Unusable(new GuardProblem(name + "_FILE",
					"the file " + file.strip() + " cannot be read (" + ex.getClass().getSimpleName() + ")",
					"point " + name + "_FILE at a readable file that holds the secret"));
		}
	}

	static Optional<String> value(Environment environment, String name) {
		return (read(environment, name) instanceof Read.Value value) ? Optional.of(value.secret()) : Optional.empty();
	}

}
