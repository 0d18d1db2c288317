package dev.lookout.security.guard;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints every problem the guard found, each with its fix, in Spring Boot's failure report. */
class StartupRefusedFailureAnalyzer extends AbstractFailureAnalyzer<StartupRefused> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartupRefused refused) {
		var problems = refused.problems();
		String description = "Lookout refused to start: the configuration is not safe to run with.\n"
				+ IntStream.range(0, problems.size())
					.mapToObj((i) -> "  " + (i + 1) + ". " + problems.get(i).variable() + ": "
							+ problems.get(i).problem())
					.collect(Collectors.joining("\n"));
		String action = "Fix each problem, then start again:\n"
				+ IntStream.range(0, problems.size())
					.mapToObj((i) -> "  " + (i + 1) + ". " + problems.get(i).fix())
					.collect(Collectors.joining("\n"))
				+ "\n(Exit status " + StartupRefused.EXIT_CODE + ": configuration error.)";
		return new FailureAnalysis(description, action, refused);
	}

}
