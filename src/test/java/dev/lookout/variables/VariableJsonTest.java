package dev.lookout.variables;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Variables and the time range as dashboards store and send them: {@code default} one string or an array. */
class VariableJsonTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aListVariableRoundTrips() {
		Variable variable = new Variable("region", "Region", VariableType.LIST, true, ValueType.TEXT, List.of("eu", "us"),
				null, false, List.of("eu", "us"));
		String written = this.json.writeValueAsString(variable);
		assertThat(written).contains("\"type\":\"list\"", "\"valueType\":\"text\"", "\"default\":[\"eu\",\"us\"]")
			.doesNotContain("defaults");
		assertThat(this.json.readValue(written, Variable.class)).isEqualTo(variable);
	}

	@Test
	void defaultIsOneStringOrAnArrayAndWrittenAsAnArray() {
		Variable single = this.json.readValue("""
				{"name": "limit", "type": "NUMBER", "default": "10"}""", Variable.class);
		assertThat(single).isEqualTo(new Variable("limit", "limit", VariableType.NUMBER, false, ValueType.NUMBER, List.of(),
				null, false, List.of("10")));
		assertThat(this.json.writeValueAsString(single)).contains("\"default\":[\"10\"]");
		Variable array = this.json.readValue("""
				{"name": "region", "type": "list", "multi": true, "options": ["eu", "us"], "default": ["us", "eu"]}""",
				Variable.class);
		assertThat(array.defaults()).containsExactly("us", "eu");
		assertThat(array.valueType()).isEqualTo(ValueType.TEXT);
	}

	@Test
	void anOptionsQueryWithoutAnIntervalRefreshesEveryFiveMinutes() {
		Variable variable = this.json.readValue("""
				{"name": "product", "type": "list", "valueType": "number",
				 "optionsQuery": {"dataSourceId": 3, "sql": "SELECT id FROM products"}, "default": "1"}""",
				Variable.class);
		assertThat(variable.optionsQuery()).isEqualTo(new OptionsQuery(3, "SELECT id FROM products", 300));
		assertThat(variable.valueType()).isEqualTo(ValueType.NUMBER);
		assertThat(this.json.readValue(this.json.writeValueAsString(variable), Variable.class)).isEqualTo(variable);
	}

	@Test
	void absentOrNullFlagsAndNumbersAreFalseAndZero() {
		Variable variable = this.json.readValue("""
				{"name": "p", "type": "list", "multi": null, "optionsQuery": {"sql": "SELECT 1", "dataSourceId": null}}""",
				Variable.class);
		assertThat(variable.multi()).isFalse();
		assertThat(variable.allowOther()).isFalse();
		assertThat(variable.optionsQuery()).isEqualTo(new OptionsQuery(0, "SELECT 1", 300));
	}

	@Test
	void anUnknownTypeIsRefusedWithTheAcceptedOnes() {
		assertThatExceptionOfType(DatabindException.class)
			.isThrownBy(() -> this.json.readValue("{\"name\": \"a\", \"type\": \"date\"}", Variable.class))
			.withMessageContaining("must be text, number or list, was 'date'");
	}

	@Test
	void theTimeRangeRoundTrips() {
		TimeRange range = new TimeRange("Period", "now-6h", "now");
		String written = this.json.writeValueAsString(range);
		assertThat(written).isEqualTo("{\"label\":\"Period\",\"from\":\"now-6h\",\"to\":\"now\"}");
		assertThat(this.json.readValue(written, TimeRange.class)).isEqualTo(range);
	}

}
