package dev.lookout.web;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON that is safe to place inside an HTML {@code <script>} element: besides JSON's own
 * escaping, {@code < > & ' /} and the line separators U+2028/U+2029 are written as Unicode
 * escapes ({@code \}{@code u003C} for {@code <}), so no value can close the element
 * ({@code </script>}), open a comment ({@code <!--}) that swallows the page's own script, or end
 * a JavaScript line. The result still reads back as the exact same value.
 */
public final class ScriptSafeJson {

	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder().characterEscapes(new ScriptEscapes()).build())
		.build();

	private ScriptSafeJson() {
	}

	public static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	private static final class ScriptEscapes extends CharacterEscapes {

		private static final int[] ASCII = standardAsciiEscapesForJSON();

		static {
			for (char c : new char[] { '<', '>', '&', '\'', '/' }) {
				ASCII[c] = ESCAPE_STANDARD;
			}
		}

		private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");

		private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

		@Override
		public int[] getEscapeCodesForAscii() {
			return ASCII;
		}

		@Override
		public SerializableString getEscapeSequence(int ch) {
			return switch (ch) {
				case 0x2028 -> LINE_SEPARATOR;
				case 0x2029 -> PARAGRAPH_SEPARATOR;
				default -> null;
			};
		}

	}

}
