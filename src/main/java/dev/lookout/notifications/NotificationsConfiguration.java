package dev.lookout.notifications;

import java.time.Clock;

import dev.lookout.alerts.AlertChannels;
import dev.lookout.alerts.RulesNamingChannels;
import dev.lookout.audit.AuditLog;
import dev.lookout.database.DatabaseMigrations;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.resilience.Breakers;
import dev.lookout.security.secrets.SecretCipher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/** The notification channels, the outbox and its delivery worker (registered with the managed resources). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationSettings.class)
class NotificationsConfiguration {

	/** Whether e-mail can be sent: {@code MAIL_HOST} is set (Boot makes a mail sender for a blank host too). */
	static boolean mailConfigured(Environment environment) {
		return StringUtils.hasText(environment.getProperty("spring.mail.host"));
	}

	@Bean
	NotificationMeters notificationMeters(MeterRegistry meters) {
		return new NotificationMeters(meters);
	}

	@Bean
	Channels notificationChannels(JdbcClient jdbc, SecretCipher cipher, AuditLog auditLog,
			PlatformTransactionManager transactions, Validator validator, Clock clock, Environment environment,
			RulesNamingChannels rulesNaming) {
		return new Channels(jdbc, cipher, auditLog, new TransactionTemplate(transactions), validator, clock,
				mailConfigured(environment), rulesNaming);
	}

	/** The channels as the alerts module's rule form offers them. */
	@Bean
	AlertChannels alertChannels(Channels channels) {
		return () -> channels.list()
			.stream()
			.map((channel) -> new AlertChannels.Choice(channel.id(), channel.name(), channel.enabled()))
			.toList();
	}

	@Bean
	ChannelSecrets notificationChannelSecrets(JdbcClient jdbc) {
		return new ChannelSecrets(jdbc);
	}

	@Bean
	Outbox notificationOutbox(JdbcClient jdbc, Clock clock, NotificationSettings settings, NotificationMeters meters) {
		return new Outbox(jdbc, clock, settings.outboxMax(), meters);
	}

	@Bean(destroyMethod = "")
	DeliveryWorker notificationWorker(Outbox outbox, Channels channels, ObjectProvider<JavaMailSender> mail,
			Breakers breakers, NotificationMeters meters, NotificationSettings settings, Clock clock,
			Environment environment, ManagedResources resources, DatabaseMigrations migrations) {
		JavaMailSender sender = mailConfigured(environment) ? mail.getIfAvailable() : null;
		DeliveryWorker worker = new DeliveryWorker(outbox, channels, new WebhookSender(clock),
				new EmailSender(sender, settings.mailFrom()), breakers, meters,
				Backoff.withRandomJitter(settings.backoffBase(), settings.backoffCap()), settings, clock);
		resources.register("notification-worker", ShutdownOrder.NOTIFICATIONS, worker::stop).startWith(worker::start);
		// Its rows live in the application database: it starts once that is migrated.
		migrations.whenDone(worker::start);
		return worker;
	}

	@Bean
	OutboxWriter notificationOutboxWriter(Outbox outbox, DeliveryWorker worker) {
		return new OutboxWriter(outbox, worker::wake);
	}

	@Bean
	NotificationsHealth notificationsHealthIndicator(Channels channels, DeliveryWorker worker, Breakers breakers) {
		return new NotificationsHealth(channels, worker, breakers);
	}

	@Bean
	NotificationTests notificationTests(Channels channels, Outbox outbox, PlatformTransactionManager transactions,
			OutboxWriter writer, Clock clock) {
		return new NotificationTests(channels, outbox, new TransactionTemplate(transactions), writer, clock);
	}

}
