package dev.lookout.variables;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The time zone relative times resolve in: UTC unless set, and refused when it names no zone. */
class VariableSettingsTest {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(VariablesConfiguration.class);

	@Test
	void utcUnlessSet() {
		this.context.run((context) -> assertThat(context.getBean(VariableSettings.class).timeZone())
			.isEqualTo(ZoneId.of("UTC")));
	}

	@Test
	void anIanaNameOrAnOffset() {
		this.context.withPropertyValues("lookout.variables.time-zone=Europe/Berlin")
			.run((context) -> assertThat(context.getBean(VariableSettings.class).timeZone())
				.isEqualTo(ZoneId.of("Europe/Berlin")));
		this.context.withPropertyValues("lookout.variables.time-zone=+01:00")
			.run((context) -> assertThat(context.getBean(VariableSettings.class).timeZone())
				.isEqualTo(ZoneOffset.ofHours(1)));
	}

	@Test
	void aZoneThatDoesNotExistStopsTheStart() {
		this.context.withPropertyValues("lookout.variables.time-zone=Mars/Olympus")
			.run((context) -> assertThat(context).hasFailed());
	}

}
