package dev.lookout.database;

import javax.sql.DataSource;

import dev.lookout.resilience.Breakers;
import dev.lookout.resilience.Bulkheads;
import io.github.resilience4j.bulkhead.Bulkhead;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Puts the breaker and the bulkhead in front of the request pool, for every user of the {@code DataSource}. */
@Configuration(proxyBeanMethods = false)
class RequestPoolGuardConfiguration {

	/**
	 * Primary, so every {@code JdbcClient}, transaction and repository borrows through it without
	 * knowing. One place per connection, waiting as long as the pool would.
	 */
	@Bean
	@Primary
	DataSource requestDataSource(RequestPool dataSource, ApplicationDatabase database, DatabaseSettings settings,
			Breakers breakers, Bulkheads bulkheads) {
		Bulkhead bulkhead = bulkheads.create(Breakers.APP_DATABASE, settings.poolSize(), settings.poolWait());
		return new RequestPoolGuard(dataSource, database, breakers, bulkhead, settings.poolWait(), settings.queryTimeout());
	}

	@Bean
	ApplicationDatabase applicationDatabase(DatabaseMigrations migrations, Breakers breakers,
			ObjectProvider<DatabaseReachability> reachability) {
		return new ApplicationDatabase(migrations, breakers, reachability);
	}

}
