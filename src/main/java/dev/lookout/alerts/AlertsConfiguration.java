package dev.lookout.alerts;

import java.time.Clock;
import java.time.Duration;

import dev.lookout.database.ApplicationDatabase;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.refresh.PanelResults;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The evaluator's thread, stopped after the cache updater (no new refreshes) and before the request pool it writes through. */
@Configuration(proxyBeanMethods = false)
class AlertsConfiguration {

	private static final Duration STOP_WITHIN = Duration.ofSeconds(2);

	@Bean(destroyMethod = "")
	AlertEvaluator alertEvaluator(AlertRules rules, PanelResults results, ApplicationDatabase database,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher events, Clock clock,
			AlertSettings settings, MeterRegistry meters, ManagedResources resources) {
		AlertEvaluator evaluator = new AlertEvaluator(rules, results, database, new TransactionTemplate(transactionManager),
				events, clock, settings, meters);
		resources.register("alert-evaluation", ShutdownOrder.AUDIT_WRITER - 10, () -> evaluator.stop(STOP_WITHIN));
		return evaluator;
	}

}
