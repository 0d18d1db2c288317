package dev.lookout.dashboards;

import java.time.Clock;

import dev.lookout.database.ApplicationDatabase;
import dev.lookout.database.DatabaseMigrations;
import dev.lookout.datasource.DataSourceCatalog;
import dev.lookout.redis.RedisSettings;
import dev.lookout.redis.SharedRedis;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read model of the definitions, what keeps it in step, and its health component. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DefinitionsSettings.class)
class DefinitionsConfiguration {

	@Bean
	Definitions definitions(ApplicationEventPublisher events) {
		return new Definitions(events);
	}

	@Bean
	DefinitionsShare definitionsShare(ObjectProvider<SharedRedis> redis, ObjectProvider<RedisSettings> settings) {
		SharedRedis shared = redis.getIfAvailable();
		return (shared != null) ? new RedisDefinitionsShare(shared, settings.getObject().commandTimeout())
				: DefinitionsShare.ALONE;
	}

	/** Started with its bean: the definitions are in before anything that shows them is called. */
	@Bean(initMethod = "start", destroyMethod = "stop")
	DefinitionsSync definitionsSync(Dashboards dashboards, DataSourceCatalog dataSources, Definitions definitions,
			DefinitionsShare share, DatabaseMigrations migrations, DefinitionsSettings settings, Clock clock) {
		return new DefinitionsSync(dashboards, dataSources, definitions, share, migrations, settings.checkInterval(),
				clock);
	}

	@Bean
	DefinitionsChanges definitionsChanges(Dashboards dashboards, DefinitionsSync sync) {
		return new DefinitionsChanges(dashboards, sync);
	}

	@Bean
	DefinitionsHealthIndicator definitionsHealthIndicator(Definitions definitions, ApplicationDatabase database,
			DefinitionsShare share) {
		return new DefinitionsHealthIndicator(definitions, database, share);
	}

}
