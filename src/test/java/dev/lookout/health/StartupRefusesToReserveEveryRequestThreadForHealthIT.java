package dev.lookout.health;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.lookout.testsupport.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Reserving every request thread for health would serve nothing else: the jar refuses to start, saying so. */
class StartupRefusesToReserveEveryRequestThreadForHealthIT {

	@TempDir
	Path workDir;

	@Test
	void reservedThreadsAsManyAsRequestThreadsStopStartupWithTheTwoSettings() throws Exception {
		try (AppProcess app = AppProcess.start(this.workDir,
				Map.of("APP_ENV", "development", "HTTP_MAX_THREADS", "4", "HEALTH_RESERVED_THREADS", "4"))) {
			assertThat(app.awaitExit(Duration.ofSeconds(90))).isNotZero();
			assertThat(app.output())
				.contains("HEALTH_RESERVED_THREADS = \"4\": must be fewer than HTTP_MAX_THREADS (\"4\")")
				.contains("Lower HEALTH_RESERVED_THREADS or raise HTTP_MAX_THREADS");
		}
	}

}
