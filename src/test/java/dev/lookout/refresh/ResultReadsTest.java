package dev.lookout.refresh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a read's headers choose its answer: the encodings a client accepts, and whether its copy is current. */
class ResultReadsTest {

	@Test
	void gzipIsChosenWhenListedOrCoveredByAStarUnlessItsWeightIsZero() {
		assertThat(ResultReads.acceptsGzip("gzip, deflate, br")).isTrue();
		assertThat(ResultReads.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
		assertThat(ResultReads.acceptsGzip("*")).isTrue();
		assertThat(ResultReads.acceptsGzip("gzip;q=0")).isFalse();
		assertThat(ResultReads.acceptsGzip("gzip; q=0.000")).isFalse();
		assertThat(ResultReads.acceptsGzip("deflate, br")).isFalse();
		assertThat(ResultReads.acceptsGzip("x-gzip2")).isFalse();
		assertThat(ResultReads.acceptsGzip(null)).isFalse();
	}

	@Test
	void ifNoneMatchComparesWeaklyAndHonoursAStarAndLists() {
		assertThat(ResultReads.matches("\"4-7\"", "\"4-7\"")).isTrue();
		assertThat(ResultReads.matches("W/\"4-7\"", "\"4-7\"")).isTrue();
		assertThat(ResultReads.matches("\"4-6\", \"4-7\"", "\"4-7\"")).isTrue();
		assertThat(ResultReads.matches("*", "\"4-7\"")).isTrue();
		assertThat(ResultReads.matches("\"4-7\"", "\"4-7-gzip\"")).isFalse();
		assertThat(ResultReads.matches("\"4-70\"", "\"4-7\"")).isFalse();
		assertThat(ResultReads.matches(null, "\"4-7\"")).isFalse();
	}

}
