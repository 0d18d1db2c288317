package dev.lookout.dashboards;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One YAML file read as a tree, with the line each of its values starts on, so that a problem
 * found later (a field, a data source name) is reported with its line. A file that is no YAML, or
 * repeats a key, is refused here with the line the parser stopped at.
 */
final class YamlDocument {

	/** Strict: a repeated key or an unknown property is an error, never silently the last one. */
	static final YAMLMapper yaml = YAMLMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final String file;

	private final JsonNode root;

	/** JSON pointer of each value ({@code /panels/1/dataSource}) to the line its key or item starts on. */
	private final Map<String, Integer> lines;

	private YamlDocument(String file, JsonNode root, Map<String, Integer> lines) {
		this.file = file;
		this.root = root;
		this.lines = lines;
	}

	/** @throws FileRefused when the text is no YAML mapping */
	static YamlDocument parse(String file, String text) {
		JsonNode root;
		Map<String, Integer> lines = new HashMap<>();
		try (JsonParser parser = yaml.createParser(text)) {
			// Read once for the lines, then again for the tree: each pass is cheap for a file this size.
			while (parser.nextToken() != null) {
				String pointer = parser.streamReadContext().pathAsPointer().toString();
				lines.putIfAbsent(pointer, line(parser.currentTokenLocation()));
			}
			root = yaml.readTree(text);
		}
		catch (JacksonException ex) {
			throw new FileRefused(file, line(ex.getLocation()), null, "is not valid YAML: " + oneLine(ex.getOriginalMessage()));
		}
		if (root == null || !root.isObject()) {
			throw new FileRefused(file, 1, null, "must be a YAML mapping that starts with kind: dashboard or kind: datasource");
		}
		return new YamlDocument(file, root, lines);
	}

	String file() {
		return this.file;
	}

	JsonNode root() {
		return this.root;
	}

	/**
	 * The line of the value at {@code field} ({@code panels[1].options.xColumn}), or of its nearest
	 * enclosing value the file has; 0 when none.
	 */
	int lineOf(String field) {
		String pointer = pointer(field);
		while (!pointer.isEmpty()) {
			Integer line = this.lines.get(pointer);
			if (line != null) {
				return line;
			}
			pointer = pointer.substring(0, pointer.lastIndexOf('/'));
		}
		return 0;
	}

	/** A refusal of the value at {@code field}, with its line. */
	FileRefused refuse(String field, String reason) {
		return new FileRefused(this.file, lineOf(field), field, reason);
	}

	/** {@code panels[1].sql} as {@code /panels/1/sql}. */
	static String pointer(String field) {
		if (field == null || field.isEmpty()) {
			return "";
		}
		return "/" + field.replace("[", ".").replace("]", "").replace('.', '/');
	}

	/** The parser's message without the lines it quotes from the file and its carets. */
	private static String oneLine(String message) {
		return (message == null) ? "" : message.lines()
			.filter((line) -> !line.startsWith("    ") && !line.isBlank())
			.map(String::strip)
			.collect(java.util.stream.Collectors.joining(" "));
	}

	private static int line(TokenStreamLocation location) {
		return (location != null && location.getLineNr() > 0) ? location.getLineNr() : 0;
	}

}
