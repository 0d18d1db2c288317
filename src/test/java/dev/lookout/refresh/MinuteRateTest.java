package dev.lookout.refresh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The last minute's count: what falls out of the window is no longer counted, a reused bucket starts again. */
class MinuteRateTest {

	private final MinuteRate rate = new MinuteRate();

	@Test
	void countsTheLastSixtySecondsOnly() {
		this.rate.record(1000);
		this.rate.record(1000);
		this.rate.record(1030);
		assertThat(this.rate.lastMinute(1030)).isEqualTo(3);
		assertThat(this.rate.lastMinute(1059)).isEqualTo(3);
		assertThat(this.rate.lastMinute(1060)).isEqualTo(1);
		assertThat(this.rate.lastMinute(1090)).isZero();
	}

	@Test
	void aBucketReusedAMinuteLaterForgetsItsOldCount() {
		this.rate.record(1000);
		this.rate.record(1000);
		this.rate.record(1060);
		assertThat(this.rate.lastMinute(1060)).isEqualTo(1);
	}

}
