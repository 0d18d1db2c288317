package dev.lookout.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lookout.alerts.AlertTransitioned;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.fail;

/**
 * The application with short retries and a quick breaker, and a real SMTP server (GreenMail): the
 * notification tests share this one context.
 */
@SpringBootTest(properties = { "lookout.notifications.backoff-base=100ms", "lookout.notifications.backoff-cap=400ms",
		"lookout.notifications.poll-interval=100ms", "lookout.notifications.claim-margin=1s",
		"lookout.notifications.max-attempts=100", "lookout.resilience.minimum-calls=3",
		"lookout.resilience.sliding-window=4", "lookout.resilience.open-wait=1s",
		"lookout.resilience.half-open-calls=1", "MAIL_FROM=lookout@test.example" })
abstract class NotificationsIntegration {

	static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	private static final AtomicLong transitions = new AtomicLong(System.nanoTime() % 1_000_000_000L);

	static {
		smtp.start();
	}

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		registry.add("MAIL_HOST", () -> "127.0.0.1");
		registry.add("MAIL_PORT", () -> smtp.getSmtp().getPort());
	}

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Channels channels;

	TransactionTemplate transactions;

	@BeforeEach
	void transactions() {
		this.transactions = new TransactionTemplate(this.transactionManager);
	}

	/** A transition of a new rule, published in a transaction as the alerts module does. */
	AlertTransitioned publish(String ruleName, long channelId, boolean rollBack) {
		long id = transitions.incrementAndGet();
		AlertTransitioned transition = new AlertTransitioned(id, id, ruleName, 1, "shop",
				Map.of("region", List.of("eu")), "OK", "FIRING", "42", Instant.now(), List.of(channelId));
		this.transactions.executeWithoutResult((status) -> {
			this.events.publishEvent(transition);
			if (rollBack) {
				status.setRollbackOnly();
			}
		});
		return transition;
	}

	String status(long channelId, String key) {
		return this.jdbc.sql("SELECT status FROM notification_outbox WHERE channel_id = ? AND idempotency_key = ?")
			.params(channelId, key)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	long rows(String key) {
		return this.jdbc.sql("SELECT COUNT(*) FROM notification_outbox WHERE idempotency_key = ?")
			.param(key)
			.query(Long.class)
			.single();
	}

	static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return;
			}
			Thread.sleep(50);
		}
		if (!condition.getAsBoolean()) {
			fail("Not within " + within.toSeconds() + " s: " + what);
		}
	}

}
