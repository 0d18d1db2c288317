package dev.lookout.dashboards;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import dev.lookout.variables.Variables;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The rules a panel definition must meet, and how it is normalized before it is stored. */
class PanelRequestTest {

	private static final long SOURCE = 7;

	private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	private final LongPredicate catalog = (id) -> id == SOURCE;

	@Test
	void definitionIsTrimmedAndBlankOptionsAreDropped() {
		PanelDefinition definition = request("line", 60, new PanelOptions(" minute ", List.of(" orders ", "refunds"), " ", " "))
			.validated(VALIDATOR, this.catalog, Variables.NONE);

		assertThat(definition.title()).isEqualTo("Orders");
		assertThat(definition.sql()).isEqualTo("SELECT minute, orders, refunds FROM sales");
		assertThat(definition.visualization()).isEqualTo(Visualization.LINE);
		assertThat(definition.options()).isEqualTo(new PanelOptions("minute", List.of("orders", "refunds"), null, null));
	}

	@Test
	void tableNeedsNoOptions() {
		assertThat(request("table", 5, null).validated(VALIDATOR, this.catalog, Variables.NONE).options())
			.isEqualTo(PanelOptions.NONE);
	}

	@Test
	void refreshIntervalIsFiveSecondsToOneDay() {
		assertThat(request("table", 5, null).validated(VALIDATOR, this.catalog, Variables.NONE).refreshSeconds()).isEqualTo(5);
		assertThat(request("table", 86_400, null).validated(VALIDATOR, this.catalog, Variables.NONE).refreshSeconds())
			.isEqualTo(86_400);
		assertThat(problems(request("table", 4, null))).containsEntry("refreshSeconds",
				"must be from 5 to 86400 seconds (a day), was 4");
		assertThat(problems(request("table", 86_401, null))).containsKey("refreshSeconds");
	}

	@Test
	void chartsNeedAnXColumnAndNonBlankYColumns() {
		assertThat(problems(request("bar", 30, new PanelOptions(null, Arrays.asList("orders", " ", null), null, null))))
			.containsEntry("options.xColumn", "is required for a bar chart")
			.containsEntry("options.yColumns[1]", "is blank")
			.containsEntry("options.yColumns[2]", "is blank");
		assertThat(problems(request("line", 30, new PanelOptions("minute", List.of(), null, null))))
			.containsOnlyKeys("options.yColumns");
	}

	@Test
	void statNeedsAValueColumn() {
		assertThat(problems(request("stat", 30, new PanelOptions("minute", List.of(), null, "ms"))))
			.containsOnlyKeys("options.valueColumn");
	}

	@Test
	void dataSourceMustExist() {
		PanelRequest unknown = new PanelRequest("Orders", 8L, "SELECT 1", "table", null, 30, null);
		assertThat(problems(unknown)).containsEntry("dataSourceId", "names no data source: there is none with id 8");
	}

	@Test
	void lengthsCountCharactersNotUtf16Units() {
		String emoji = "\uD83D\uDCC8";
		PanelRequest twoHundred = new PanelRequest(emoji.repeat(200), SOURCE, "SELECT 1", "table", null, 30, null);
		assertThat(twoHundred.validated(VALIDATOR, this.catalog, Variables.NONE).title()).hasSize(400);
		PanelRequest tooLong = new PanelRequest(emoji.repeat(201), SOURCE, "SELECT 1", "table", null, 30, null);
		assertThat(problems(tooLong)).containsEntry("title", "must be at most 200 characters, was 201");
	}

	private static PanelRequest request(String visualization, int refreshSeconds, PanelOptions options) {
		return new PanelRequest("  Orders ", SOURCE, "\n SELECT minute, orders, refunds FROM sales \n", visualization, options,
				refreshSeconds, null);
	}

	private Map<String, String> problems(PanelRequest request) {
		InvalidInput invalid = catchThrowableOfType(InvalidInput.class,
				() -> request.validated(VALIDATOR, this.catalog, Variables.NONE));
		assertThat(invalid).as("refused").isNotNull();
		return invalid.fields();
	}

}
