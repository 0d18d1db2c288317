package dev.lookout.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptSafeJsonTest {

	private static final List<String> HOSTILE = List.of("</script><script>alert(1)</script>", "<!--<script>",
			"quote \" and ' and \\ backslash", "line\u2028separator\u2029paragraph", "&lt;already&gt; & more",
			"]]*/ alert(1) /*[[");

	@Test
	void hostileValuesCannotLeaveTheScriptElementAndReadBackExactly() {
		for (String value : HOSTILE) {
			String json = ScriptSafeJson.write(Map.of("title", value));
			assertThat(json).doesNotContain("<", ">", "&", "'", "\u2028", "\u2029", "*/");
			assertThat(JsonMapper.builder().build().readValue(json, Map.class)).containsEntry("title", value);
		}
	}

	@Test
	void javaTimeValuesAreWrittenAsIsoStrings() {
		assertThat(ScriptSafeJson.write(java.time.Instant.parse("2026-11-29T10:00:00Z"))).isEqualTo("\"2026-11-29T10:00:00Z\"");
	}

}
