package dev.lookout.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §6: server data reaches JavaScript only as JSON, through Thymeleaf's JavaScript
 * inlining in its natural-template form {@code /*[[${...}]]*}{@code /} (serialized by
 * {@link ScriptSafeJson}). Every template is scanned; any other way of putting an expression
 * into a script context fails the build.
 */
class TemplatesPassDataToScriptsOnlyAsJsonTest {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>",
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	private static final Pattern EXPRESSION = Pattern.compile("[$*#@~]\\{");

	private static final Pattern INLINED = Pattern.compile("\\[\\[(.*?)]]", Pattern.DOTALL);

	private static final Pattern EVENT_HANDLER = Pattern.compile("\\b(?:th|data-th):on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

	@Test
	void everyTemplateFollowsTheRule() throws IOException {
		List<String> violations = new ArrayList<>();
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			for (Path file : files.filter((p) -> p.toString().endsWith(".html")).toList()) {
				violations.addAll(violations(TEMPLATES.relativize(file).toString(), Files.readString(file)));
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void theScanCatchesEachForbiddenForm() {
		assertThat(violations("a", "<script>const t = '[[${title}]]';</script>")).isNotEmpty();
		assertThat(violations("b", "<script th:inline=\"javascript\">const t = '[[${title}]]';</script>")).isNotEmpty();
		assertThat(violations("c", "<script th:inline=\"javascript\">const t = [(${title})];</script>")).isNotEmpty();
		assertThat(violations("d", "<script th:text=\"${code}\"></script>")).isNotEmpty();
		assertThat(violations("e", "<button th:onclick=\"'go(' + ${id} + ')'\">go</button>")).isNotEmpty();
		assertThat(violations("f", "<p>[(${html})]</p>")).isNotEmpty();
		assertThat(violations("g", "<script th:inline=\"text\">var x = /*[[${x}]]*/ null;</script>")).isNotEmpty();
		assertThat(violations("ok", "<script th:inline=\"javascript\">const page = /*[[${page}]]*/ null;</script>"
				+ "<script th:src=\"@{/js/lookout.js}\"></script>")).isEmpty();
	}

	static List<String> violations(String name, String template) {
		List<String> violations = new ArrayList<>();
		if (template.contains("[(")) {
			violations.add(name + ": unescaped inlining [( ... )]");
		}
		if (EVENT_HANDLER.matcher(template).find()) {
			violations.add(name + ": an event-handler attribute built from server data");
		}
		Matcher script = SCRIPT.matcher(template);
		while (script.find()) {
			String attributes = script.group(1);
			String body = script.group(2);
			if (attributes.matches("(?s).*\\bth:(u?text|utext)\\s*=.*")) {
				violations.add(name + ": th:text/th:utext on a script element");
			}
			if (!EXPRESSION.matcher(body).find() && !body.contains("[[")) {
				continue;
			}
			if (!attributes.matches("(?s).*\\bth:inline\\s*=\\s*\"javascript\".*")) {
				violations.add(name + ": server data in a script without th:inline=\"javascript\"");
				continue;
			}
			Matcher inlined = INLINED.matcher(body);
			while (inlined.find()) {
				boolean naturalForm = body.startsWith("/*", inlined.start() - 2)
						&& body.startsWith("*/", inlined.end());
				if (!naturalForm) {
					violations.add(name + ": inlined value not in the /*[[...]]*/ form: " + inlined.group());
				}
			}
			String outsideInlining = INLINED.matcher(body).replaceAll("");
			if (EXPRESSION.matcher(outsideInlining).find()) {
				violations.add(name + ": a server expression in a script outside /*[[...]]*/");
			}
		}
		return violations;
	}

}
