package dev.lookout.refresh;

import java.time.Duration;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stand-ins for the modules the updater reads from: two panels refreshed hourly, so that only
 * what a test does makes them refresh again. Primary, so they win over the real modules' beans.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestModules {

	static final String SQL_1 = "select 1";

	static final String SQL_2 = "select 2";

	@Bean
	@Primary
	TestPanels testPanels() {
		return new TestPanels().with(TestPanels.panel(1, SQL_1, Duration.ofHours(1)))
			.with(TestPanels.panel(2, SQL_2, Duration.ofHours(1)));
	}

	@Bean
	@Primary
	ScriptedQueries scriptedQueries() {
		return new ScriptedQueries();
	}

}
