package dev.lookout.refresh;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.datasource.Queries;
import dev.lookout.datasource.QueryPurpose;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.redis.SharedRedis;
import dev.lookout.resilience.Breakers;
import dev.lookout.security.AnonymousReads;
import dev.lookout.variables.VariableSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * The result cache (Redis when {@code REDIS_URL} is set, else in memory), the updater that fills
 * it, the options of queried list variables, and the reads of results.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RefreshSettings.class)
class RefreshConfiguration {

	private static final Log logger = LogFactory.getLog(RefreshConfiguration.class);

	@Bean
	ResultCache resultCache(ObjectProvider<SharedRedis> redis, Breakers breakers, Clock clock) {
		SharedRedis shared = redis.getIfAvailable();
		if (shared == null) {
			logger.info("Panel results are kept in memory (REDIS_URL is unset)");
			return new InMemoryResultCache();
		}
		logger.info("Panel results are kept in Redis, with a copy in memory");
		return new RedisResultCache(new RedisCommands(shared, breakers.breaker(Breakers.REDIS)), clock,
				RedisResultCache.REVALIDATE_AFTER);
	}

	/** With Redis, instances share the refreshes through leases there; alone, this instance runs every panel. */
	@Bean
	PanelLeases panelLeases(ObjectProvider<SharedRedis> redis, Breakers breakers) {
		SharedRedis shared = redis.getIfAvailable();
		return (shared != null) ? new RedisPanelLeases(new RedisCommands(shared, breakers.breaker(Breakers.REDIS)))
				: PanelLeases.LOCAL;
	}

	@Bean
	PanelResults panelResults(CacheUpdater updater, ResultCache resultCache, ViewChoices viewChoices) {
		return new CachedPanelResults(updater, resultCache, viewChoices);
	}

	@Bean
	VariableOptions variableOptions(PanelSource panels, PanelQuery queries, Clock clock, ManagedResources resources) {
		VariableOptions options = new VariableOptions(panels, queries, clock);
		resources.register("variable-options", ShutdownOrder.VARIABLE_OPTIONS, options::stop).startWith(options::start);
		options.start();
		return options;
	}

	@Bean
	ViewChoices viewChoices(VariableOptions options, Clock clock, VariableSettings variables) {
		return new ViewChoices(options, clock, variables.timeZone());
	}

	@Bean
	ResultDocuments resultDocuments() {
		return new ResultDocuments();
	}

	@Bean
	ResultReads resultReads(ResultCache resultCache, CacheUpdater updater, ResultDocuments resultDocuments,
			ViewChoices viewChoices) {
		return new ResultReads(resultCache, updater, resultDocuments, viewChoices);
	}

	/** Anonymous reads of stored results, answered in the container ahead of the filters; only when anyone may read dashboards. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> anonymousResultReads(ObjectProvider<ResultReads> reads,
			AnonymousReads access, ReloadCoordinator reloads, MeterRegistry meters) {
		return (factory) -> {
			if (access.allowed()) {
				factory.addContextValves(
						new AnonymousResultReads(SingletonSupplier.of(reads::getObject), access, reloads, meters));
			}
		};
	}

	@Bean
	PanelSource panelSource(Panels panels) {
		return new PanelSource() {
			@Override
			public List<PanelSpec> all() {
				return panels.all();
			}

			@Override
			public Optional<PanelSpec> find(long id) {
				return panels.find(id);
			}
		};
	}

	@Bean
	PanelQuery panelQuery(Queries queries) {
		return (dataSourceId, sql, parameters) -> queries.run(dataSourceId, sql, parameters, QueryPurpose.REFRESH);
	}

	@Bean
	CacheUpdater cacheUpdater(PanelSource panels, PanelQuery queries, ResultCache resultCache, ResultDocuments resultDocuments,
			ApplicationEventPublisher events, PanelLeases panelLeases, RefreshSettings settings, Clock clock,
			VariableSettings variables, MeterRegistry meters, ManagedResources resources) {
		CacheUpdater updater = new CacheUpdater(panels, queries, resultCache, resultDocuments, events, panelLeases,
				settings, clock, variables.timeZone(), meters);
		resources.register(CacheUpdater.NAME, ShutdownOrder.CACHE_UPDATER, updater::stop).startWith(updater::start);
		return updater;
	}

}
