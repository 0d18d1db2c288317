package dev.lookout.security.guard;

import java.util.List;

import dev.lookout.system.GuardProblem;

import org.springframework.boot.ExitCodeGenerator;

/**
 * The guard's verdict: the process must not start. Spring Boot's failure handling reports it
 * through {@link StartupRefusedFailureAnalyzer} and exits with {@link #EXIT_CODE}.
 */
public class StartupRefused extends RuntimeException implements ExitCodeGenerator {

	/** {@code EX_CONFIG} from sysexits.h: the configuration is wrong, retrying will not help. */
	public static final int EXIT_CODE = 78;

	private final List<GuardProblem> problems;

	public StartupRefused(List<GuardProblem> problems) {
		super("Lookout refused to start: " + problems.size() + " configuration problem(s)");
		this.problems = List.copyOf(problems);
	}

	public List<GuardProblem> problems() {
		return this.problems;
	}

	@Override
	public int getExitCode() {
		return EXIT_CODE;
	}

}
