package dev.lookout.database;

import java.util.List;

import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;

/**
 * Production keeps its state in PostgreSQL: without {@code DATABASE_URL} it would have nowhere
 * durable to write, and an unparsable one would fail later with a less helpful message.
 */
class ProductionDatabaseRule implements GuardRule {

	private static final String EXAMPLE = "postgres://user:password@host:5432/lookout";

	@Override
	public List<GuardProblem> check(GuardContext context) {
		var url = context.variable(DatabaseUrl.VARIABLE);
		if (url.isEmpty()) {
			return context.isProduction()
					? List.of(new GuardProblem(DatabaseUrl.VARIABLE, "production needs a PostgreSQL database and none is set",
							"set " + DatabaseUrl.VARIABLE + " to " + EXAMPLE))
					: List.of();
		}
		try {
			DatabaseUrl parsed = DatabaseUrl.parse(url.get());
			if (context.isProduction() && !parsed.isPostgres()) {
				return List.of(new GuardProblem(DatabaseUrl.VARIABLE, "production needs PostgreSQL, and this URL names another database",
						"set " + DatabaseUrl.VARIABLE + " to " + EXAMPLE));
			}
			return List.of();
		}
		catch (IllegalArgumentException ex) {
			// The parser's message names the problem and the accepted forms, never the URL's parts.
			return List.of(new GuardProblem(DatabaseUrl.VARIABLE, ex.getMessage().replaceFirst("^" + DatabaseUrl.VARIABLE + " ", ""),
					"set " + DatabaseUrl.VARIABLE + " to " + EXAMPLE + " or a jdbc:postgresql:// URL"));
		}
	}

}
