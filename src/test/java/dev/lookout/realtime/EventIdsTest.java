package dev.lookout.realtime;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The event id names every panel version a client holds, compactly, and reads back what it can. */
class EventIdsTest {

	@Test
	void encodesEveryPanelVersionCompactlyAndReadsItBack() {
		Map<String, Long> versions = new TreeMap<>(Map.of("7", 1732890000123L, "9", 1732890004567L));
		String id = EventIds.encode(versions);
		assertThat(id).isEqualTo("7:" + Long.toString(1732890000123L, 36) + ",9:" + Long.toString(1732890004567L, 36));
		assertThat(EventIds.decode(id)).isEqualTo(versions);
	}

	@Test
	void leavesOutWhatItCannotReadSoThosePanelsAreSentAgain() {
		assertThat(EventIds.decode(null)).isEmpty();
		assertThat(EventIds.decode("  ")).isEmpty();
		assertThat(EventIds.decode("7:abc,oops,x:1,9:!!,11:zz")).isEqualTo(Map.of("7", Long.parseLong("abc", 36), "11",
				Long.parseLong("zz", 36)));
	}

}
