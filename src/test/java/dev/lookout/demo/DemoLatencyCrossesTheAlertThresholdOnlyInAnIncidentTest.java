package dev.lookout.demo;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated latency stays on either side of the demo alert's threshold whatever the random
 * draws: every p99 below it outside an incident, even at the top of the slow wave; checkout's above
 * it during one, even at the bottom; so the rule fires in incidents and only then.
 */
class DemoLatencyCrossesTheAlertThresholdOnlyInAnIncidentTest {

	private final Random random = new Random(42);

	@Test
	void everyP99StaysBelowTheThresholdOutsideAnIncident() {
		for (double wave : new double[] { 1.0, 1.3, 1.6 }) {
			for (String service : DemoSimulator.SERVICES) {
				for (int draw = 0; draw < 2_000; draw++) {
					DemoSimulator.Latency latency = DemoSimulator.latency(service, wave, false, this.random);
					assertThat(latency.p99()).as("%s at wave %s", service, wave)
						.isLessThan(DemoConfiguration.P99_THRESHOLD_MS);
				}
			}
		}
	}

	@Test
	void theSlowedServicesP99IsAboveTheThresholdThroughoutAnIncident() {
		for (double wave : new double[] { 1.0, 1.3, 1.6 }) {
			for (int draw = 0; draw < 2_000; draw++) {
				DemoSimulator.Latency latency = DemoSimulator.latency(DemoSimulator.INCIDENT_SERVICE, wave, true,
						this.random);
				assertThat(latency.p99()).as("at wave %s", wave).isGreaterThan(DemoConfiguration.P99_THRESHOLD_MS);
				assertThat(latency.p50()).isLessThan(latency.p99());
			}
		}
	}

}
