package dev.lookout.dashboards;

import java.util.Locale;

import dev.lookout.database.ApplicationDatabase;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Component {@code definitions}: UP once the read model holds definitions, saying where they came
 * from, their version, how current they are, and whether changes can be saved; OUT_OF_SERVICE
 * before, which keeps {@code /health/ready} from sending traffic to an instance with nothing to show.
 */
final class DefinitionsHealthIndicator implements HealthIndicator {

	private final Definitions definitions;

	private final ApplicationDatabase database;

	private final DefinitionsShare share;

	DefinitionsHealthIndicator(Definitions definitions, ApplicationDatabase database, DefinitionsShare share) {
		this.definitions = definitions;
		this.database = database;
		this.share = share;
	}

	@Override
	public Health health() {
		if (!this.definitions.loaded()) {
			return Health.outOfService()
				.withDetail("error", "no definitions yet: the application database has not answered since the start"
						+ " and there is no snapshot in the shared store")
				.withDetail("sharedStore", this.share.describe())
				.build();
		}
		return Health.up()
			.withDetail("source", this.definitions.origin().orElseThrow().name().toLowerCase(Locale.ROOT))
			.withDetail("version", this.definitions.version())
			.withDetail("asOf", this.definitions.asOf().orElseThrow().toString())
			.withDetail("readOnly", !this.database.available())
			.withDetail("sharedStore", this.share.describe())
			.build();
	}

}
