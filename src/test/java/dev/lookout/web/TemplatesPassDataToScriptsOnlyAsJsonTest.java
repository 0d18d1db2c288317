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
 * into a script context fails the build. The same scan keeps templates within the Content
 * Security Policy: every inline script carries the response's nonce, and there are no inline
 * event handlers, {@code javascript:} URLs or style attributes, which the policy would block.
 */
class TemplatesPassDataToScriptsOnlyAsJsonTest {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>",
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	private static final Pattern EXPRESSION = Pattern.compile("[$*#@~]\\{");

	private static final Pattern INLINED = Pattern.compile("\\[\\[(.*?)]]", Pattern.DOTALL);

	private static final Pattern EVENT_HANDLER = Pattern.compile("\\b(?:th|data-th):on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

	private static final Pattern NONCE = Pattern.compile("\\bth:nonce\\s*=\\s*\"\\$\\{cspNonce}\"");

	private static final Pattern SOURCE = Pattern.compile("\\b(?:th:)?src\\s*=");

	private static final Pattern INLINE_HANDLER = Pattern.compile("<[a-z][^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

	private static final Pattern STYLE_ATTRIBUTE = Pattern.compile("<[a-z][^>]*\\s(?:th:)?style\\s*=",
			Pattern.CASE_INSENSITIVE);

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
		assertThat(violations("h", "<script>document.title = 'x';</script>")).isNotEmpty();
		assertThat(violations("i", "<button onclick=\"go()\">go</button>")).isNotEmpty();
		assertThat(violations("j", "<a href=\"javascript:go()\">go</a>")).isNotEmpty();
		assertThat(violations("k", "<p style=\"color: red\">red</p>")).isNotEmpty();
		assertThat(violations("ok", "<script th:inline=\"javascript\" th:nonce=\"${cspNonce}\">const page = /*[[${page}]]*/"
				+ " null;</script><script th:src=\"@{/js/lookout.js}\"></script>")).isEmpty();
	}

	static List<String> violations(String name, String template) {
		List<String> violations = new ArrayList<>();
		if (template.contains("[(")) {
			violations.add(name + ": unescaped inlining [( ... )]");
		}
		if (EVENT_HANDLER.matcher(template).find()) {
			violations.add(name + ": an event-handler attribute built from server data");
		}
		if (INLINE_HANDLER.matcher(template).find()) {
			violations.add(name + ": an inline event handler (on...=), which the Content Security Policy blocks");
		}
		if (template.toLowerCase(java.util.Locale.ROOT).contains("javascript:")) {
			violations.add(name + ": a javascript: URL, which the Content Security Policy blocks");
		}
		if (STYLE_ATTRIBUTE.matcher(template).find()) {
			violations.add(name + ": a style attribute, which the Content Security Policy blocks; use a class in the CSS");
		}
		Matcher script = SCRIPT.matcher(template);
		while (script.find()) {
			String attributes = script.group(1);
			String body = script.group(2);
			if (!SOURCE.matcher(attributes).find() && !NONCE.matcher(attributes).find()) {
				violations.add(name + ": an inline script without th:nonce=\"${cspNonce}\", which the Content Security"
						+ " Policy blocks");
			}
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
