package dev.lookout.health;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports the two settings that disagree as the other invalid settings are, not as a stack trace. */
class TooFewRequestThreadsFailureAnalyzer extends AbstractFailureAnalyzer<TooFewRequestThreads> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TooFewRequestThreads failure) {
		return new FailureAnalysis("Invalid setting:\n  " + failure.getMessage(),
				"Lower HEALTH_RESERVED_THREADS or raise HTTP_MAX_THREADS (.env.example lists every variable with its"
						+ " default), then start again.",
				failure);
	}

}
