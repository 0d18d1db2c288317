package dev.lookout.watchdog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.lifecycle.Supervised;
import dev.lookout.refresh.CacheUpdater;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchdog in the whole application on the test PostgreSQL, checking every 200 ms: a stuck
 * worker and a stopped updater are restarted. Each test stands alone; the pool's escalation, which
 * ends with liveness DOWN, has a context of its own ({@link WatchdogRecoversThenGivesUpTest}).
 */
@SpringBootTest(properties = { "PUBLIC_DASHBOARDS=true", "lookout.watchdog.interval=200ms",
		"lookout.watchdog.stuck-after=1s" })
@Import(WatchdogRestartsWorkersTest.TestWorker.class)
@DirtiesContext
class WatchdogRestartsWorkersTest {

	static final TestPostgres.Database DATABASE = TestPostgres.get().createDatabase("watchdog_workers");

	@Autowired
	Watchdog watchdog;

	@Autowired
	CacheUpdater updater;

	@Autowired
	TestWorker worker;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.database.url", DATABASE::postgresUrl);
	}

	@Test
	void restartsAWorkerWhoseHeartbeatStopped() {
		this.worker.stick();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.worker.restarts.get() == 1);
		assertThat(this.watchdog.actions()).anySatisfy((action) -> {
			assertThat(action.check()).isEqualTo("test-worker");
			assertThat(action.action()).isEqualTo("restart");
			assertThat(action.detail()).contains("heartbeat");
		});
	}

	@Test
	void restartsTheCacheUpdaterWhenItStopped() {
		this.updater.stop();

		await().atMost(Duration.ofSeconds(10)).until(this.updater::running);
		assertThat(this.watchdog.actions()).anySatisfy((action) -> {
			assertThat(action.check()).isEqualTo("cache-updater");
			assertThat(action.action()).isEqualTo("restart");
			assertThat(action.detail()).isEqualTo("not running");
		});
	}

	/** A worker that beats on its own thread until told to stick, and beats again once restarted. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestWorker implements Supervised {

		final AtomicInteger restarts = new AtomicInteger();

		private final Clock clock = Clock.systemUTC();

		private volatile Instant heartbeat = this.clock.instant();

		private volatile boolean stuck;

		private final Thread beating;

		TestWorker() {
			this.beating = new Thread(this::beat, "test-worker");
			this.beating.setDaemon(true);
			this.beating.start();
		}

		void stick() {
			this.stuck = true;
		}

		private void beat() {
			while (!Thread.currentThread().isInterrupted()) {
				if (!this.stuck) {
					this.heartbeat = this.clock.instant();
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		@Override
		public String supervisedName() {
			return "test-worker";
		}

		@Override
		public Instant lastHeartbeat() {
			return this.heartbeat;
		}

		@Override
		public Duration beatInterval() {
			return Duration.ofMillis(50);
		}

		@Override
		public boolean running() {
			return true;
		}

		@Override
		public void restart() {
			this.restarts.incrementAndGet();
			this.stuck = false;
		}

	}

}
