package dev.lookout.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import dev.lookout.dashboards.PanelChanged;
import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.watchdog.Watchdog;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real cache updater stuck in a round: a read of an edited panel's definition that does not
 * return and ignores interrupts, as a thread blocked in a driver does. Its heartbeat stops, the
 * watchdog restarts it; a restart cannot free the thread, so after the restarts the watchdog
 * reloads. Once the read returns, the updater beats again. Definitions are read from memory now,
 * so nothing real can hang there any more: the stuck read is this test's {@link PanelSource}.
 */
@SpringBootTest(properties = { "lookout.refresh.tick-interval=250ms", "lookout.watchdog.interval=200ms",
		"lookout.watchdog.stuck-after=1s", "lookout.watchdog.max-reloads=3" })
@DirtiesContext
class StuckUpdaterIsRestartedThenReloadedTest {

	static final long STUCK_PANEL = 424242;

	@Autowired
	Watchdog watchdog;

	@Autowired
	CacheUpdater updater;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	StuckReads stuck;

	@Test
	void stuckUpdaterIsRestartedThenReloadedAndBeatsAgainOnceFree() throws Exception {
		try {
			// The next round reads the "edited" panel, and stays in that read.
			this.events.publishEvent(new PanelChanged(STUCK_PANEL, false));
			await().atMost(Duration.ofSeconds(20)).until(() -> did("restart", "heartbeat"));
			await().atMost(Duration.ofSeconds(40)).until(() -> did("reload", "after"));
		}
		finally {
			this.stuck.release();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.updater.running()
				&& Duration.between(this.updater.lastHeartbeat(), Instant.now(Clock.systemUTC())).toMillis() < 1000);
		assertThat(this.watchdog.gaveUp()).isFalse();
	}

	private boolean did(String action, String detail) {
		return this.watchdog.actions()
			.stream()
			.anyMatch((done) -> done.check().equals(CacheUpdater.NAME) && done.action().equals(action)
					&& done.detail().contains(detail));
	}

	/** The application's panel source, except that reading {@link #STUCK_PANEL} blocks until released. */
	static final class StuckReads implements PanelSource {

		private final Panels panels;

		private final CountDownLatch released = new CountDownLatch(1);

		StuckReads(Panels panels) {
			this.panels = panels;
		}

		@Override
		public List<PanelSpec> all() {
			return this.panels.all();
		}

		@Override
		public Optional<PanelSpec> find(long id) {
			if (id == STUCK_PANEL) {
				boolean interrupted = false;
				while (this.released.getCount() > 0) {
					try {
						this.released.await();
					}
					catch (InterruptedException ex) {
						// Like a driver blocked on a socket: an interrupt does not end the read.
						interrupted = true;
					}
				}
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
			return this.panels.find(id);
		}

		void release() {
			this.released.countDown();
		}

	}

	@TestConfiguration
	static class StuckReadsConfiguration {

		@Bean
		@Primary
		StuckReads stuckReads(Panels panels) {
			return new StuckReads(panels);
		}

	}

}
