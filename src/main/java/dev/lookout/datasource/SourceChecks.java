package dev.lookout.datasource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.lookout.web.FieldProblems;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

/**
 * Decides whether a source may be saved: its fields (Bean Validation on {@link DataSourceInput}),
 * its URL ({@link JdbcUrlPolicy}) and, on a connection of its own, its account
 * ({@link AccountPolicy}).
 */
@Component
final class SourceChecks {

	private final Validator validator;

	private final JdbcUrlPolicy urlPolicy;

	private final AccountPolicy accountPolicy;

	private final Clock clock;

	SourceChecks(Validator validator, JdbcUrlPolicy urlPolicy, AccountPolicy accountPolicy, Clock clock) {
		this.validator = validator;
		this.urlPolicy = urlPolicy;
		this.accountPolicy = accountPolicy;
		this.clock = clock;
	}

	/** @param provisioned whether the application declares the source, which may then be an embedded H2 one */
	Map<String, String> problems(DataSourceInput input, boolean edit, boolean provisioned) {
		FieldProblems problems = edit ? FieldProblems.of(this.validator, input, DataSourceInput.Editing.class)
				: FieldProblems.of(this.validator, input);
		// The URL's rules read the allow-lists and may resolve the host, so they are not a field constraint.
		String jdbcUrl = input.jdbcUrl();
		if (!(provisioned && jdbcUrl != null && this.urlPolicy.isEmbedded(jdbcUrl, input.username()))) {
			this.urlPolicy.problem(jdbcUrl).ifPresent((problem) -> problems.add("jdbcUrl", problem));
		}
		return problems.byField();
	}

	ValidSource validated(DataSourceInput input, boolean edit, boolean provisioned) {
		Map<String, String> problems = problems(input, edit, provisioned);
		if (!problems.isEmpty()) {
			throw new InvalidDataSource(problems);
		}
		return new ValidSource(input.name(), DataSourceKind.ofUrl(input.jdbcUrl()).orElseThrow(), input.jdbcUrl(),
				input.username());
	}

	/**
	 * Connects with the candidate's settings and reviews its account: refused, the save fails
	 * naming the account; unreachable, the save goes on (the database may be down for now; the
	 * pool reviews the account on its first connection anyway).
	 */
	ConnectionCheck reviewAccount(ValidSource valid, DataSourceInput input, Optional<String> password) {
		Instant now = this.clock.instant();
		DataSourceDefinition candidate = new DataSourceDefinition(0, valid.name(), valid.kind(), valid.jdbcUrl(),
				valid.username(), password.isPresent(), input.poolSize(), Duration.ofMillis(input.queryTimeoutMs()),
				input.rowLimit(), 0, now, now);
		ConnectionCheck check = ConnectionChecks.checkCandidate(candidate, password, this.accountPolicy);
		if (check.refused()) {
			throw new InvalidDataSource(Map.of("username", check.reason()));
		}
		return check;
	}

	/** The validated values that are stored as given or normalised. */
	record ValidSource(String name, DataSourceKind kind, String jdbcUrl, String username) {
	}

}
