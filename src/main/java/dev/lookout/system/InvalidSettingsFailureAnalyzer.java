package dev.lookout.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports an invalid {@code lookout.*} setting in the operator's words: the environment
 * variable (not the internal property), the value, and the rule with its allowed range.
 * Spring Boot's own report names only the property and application.yaml, where the operator
 * changed nothing; this one runs first for our settings and leaves the others to Boot.
 */
class InvalidSettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9_]+)(:.*)?}$", Pattern.DOTALL);

	private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|token|key).*");

	private final Environment environment;

	InvalidSettingsFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException failure) {
		if (!failure.getName().toString().startsWith("lookout.")) {
			return null;
		}
		List<String> problems = new ArrayList<>();
		BindValidationException validation = findCause(failure, BindValidationException.class);
		if (validation != null) {
			ConfigurationPropertyName target = validation.getValidationErrors().getName();
			for (ObjectError error : validation.getValidationErrors()) {
				if (error instanceof FieldError field) {
					ConfigurationPropertyName property = target.append(dashed(field.getField()));
					problems.add(describe(property, Optional.ofNullable(field.getRejectedValue()),
							error.getDefaultMessage()));
				}
				else {
					problems.add(target + ": " + error.getDefaultMessage());
				}
			}
		}
		else {
			ConfigurationProperty property = failure.getProperty();
			ConfigurationPropertyName name = (property != null) ? property.getName() : failure.getName();
			Optional<Object> value = Optional.ofNullable(property).map(ConfigurationProperty::getValue);
			problems.add(describe(name, value, reason(failure)));
		}
		return new FailureAnalysis("Invalid setting:\n  " + String.join("\n  ", problems),
				"Change the variable to a value within the allowed range (.env.example lists every variable"
						+ " with its default), then start again.",
				failure);
	}

	private String describe(ConfigurationPropertyName property, Optional<Object> value, String reason) {
		String variable = variableOf(property).orElse(property.toString());
		String shown = SECRET_NAME.matcher(variable).matches() ? "(hidden)"
				: value.map((v) -> "\"" + v + "\"").orElse("(empty)");
		return variable + " = " + shown + ": " + reason;
	}

	/** The variable application.yaml reads the property from ({@code ${PORT:8080}} → {@code PORT}). */
	private Optional<String> variableOf(ConfigurationPropertyName property) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return Optional.empty();
		}
		for (PropertySource<?> source : configurable.getPropertySources()) {
			Object raw = source.getProperty(property.toString());
			if (raw != null) {
				Matcher placeholder = PLACEHOLDER.matcher(raw.toString());
				if (placeholder.matches()) {
					return Optional.of(placeholder.group(1));
				}
			}
		}
		return Optional.empty();
	}

	private static String reason(BindException failure) {
		Throwable cause = failure.getCause();
		while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause != null) ? cause.getMessage() : failure.getMessage();
	}

	private static String dashed(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
