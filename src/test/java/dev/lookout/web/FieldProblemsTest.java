package dev.lookout.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad field of a request at once, one message each, named as the client wrote it, in the record's order. */
class FieldProblemsTest {

	private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	record Item(@NotBlank(message = "is blank") String label) {
	}

	record Request(@NotBlank(message = "is required") @Pattern(regexp = "[a-z]+", message = "is not lower-case") String name,
			@MaxCharacters(3) String code, List<@NotNull(message = "is missing") String> tags, List<@Valid Item> items,
			@NotNull(groups = Later.class, message = "is required later") Long version) {
	}

	interface Later {
	}

	@Test
	void everyBadFieldIsNamedInTheRecordsOrder() {
		Request request = new Request("Name", "\uD83D\uDCC8".repeat(4), Arrays.asList("a", null), List.of(new Item(" ")),
				null);
		assertThat(FieldProblems.of(VALIDATOR, request, Later.class).add("code", "ignored: code has a problem already")
			.add("extra", "last: not a component")
			.byField()).containsExactly(entry("name", "is not lower-case"),
					entry("code", "must be at most 3 characters, was 4"), entry("tags[1]", "is missing"),
					entry("items[0].label", "is blank"), entry("version", "is required later"),
					entry("extra", "last: not a component"));
	}

	@Test
	void aBlankRequiredValueIsReportedAsRequiredNotAsItsOtherRules() {
		assertThat(FieldProblems.of(VALIDATOR, new Request("", null, List.of(), List.of(), 1L)).byField())
			.containsExactly(entry("name", "is required"));
	}

	@Test
	void groupsAddTheirRulesToTheDefaultOnes() {
		assertThat(FieldProblems.of(VALIDATOR, new Request("ok", null, List.of(), List.of(), null)).isEmpty()).isTrue();
		assertThat(FieldProblems.of(VALIDATOR, new Request("ok", null, List.of(), List.of(), null), Later.class)
			.has("version")).isTrue();
	}

	private static Map.Entry<String, String> entry(String field, String message) {
		return Map.entry(field, message);
	}

}
