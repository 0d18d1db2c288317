package dev.lookout.variables;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * One value of a variable: whether it is valid for its type, its canonical spelling, its JDBC
 * value, and how a message shows it. A value is data bound as a parameter, never SQL, so text is
 * kept as typed; only what a database would refuse or misread is refused here.
 */
final class Values {

	/** Characters of one text value, counted as the database counts them (code points). */
	static final int TEXT_LENGTH = 200;

	/** A number longer than this is no number a dashboard filters on. */
	static final int NUMBER_LENGTH = 40;

	/**
	 * Plain decimals only: an exponent ({@code 1E999999999}) is short to send but would make a
	 * billion-digit canonical spelling.
	 */
	private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");

	/** Enough of a value for its author to recognize it in a message, and no flood of it. */
	private static final int SHOWN_LENGTH = 40;

	private Values() {
	}

	/** The canonical spelling of a value of the type; throws {@link IllegalArgumentException} saying what is wrong. */
	static String canonical(ValueType type, String value) {
		// PostgreSQL refuses NUL in text; refused here, the viewer learns which field holds it.
		if (value.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("must not contain the NUL character, was " + shown(value));
		}
		return switch (type) {
			case TEXT -> text(value);
			case NUMBER -> number(value);
		};
	}

	/** The JDBC value of a canonical value: text as is, an integral number as {@code Long} when it fits. */
	static Object bound(ValueType type, String canonical) {
		if (type == ValueType.TEXT) {
			return canonical;
		}
		BigDecimal number = new BigDecimal(canonical);
		if (number.scale() <= 0) {
			try {
				return number.longValueExact();
			}
			catch (ArithmeticException tooLarge) {
				return number;
			}
		}
		return number;
	}

	/** The value quoted for a message: control characters escaped, a long value cut, with its length. */
	static String shown(String value) {
		if (value == null) {
			return "nothing";
		}
		int length = value.codePointCount(0, value.length());
		String cut = (length <= SHOWN_LENGTH) ? value : value.substring(0, value.offsetByCodePoints(0, SHOWN_LENGTH));
		StringBuilder shown = new StringBuilder("'");
		cut.codePoints().forEach((c) -> {
			if (Character.isISOControl(c)) {
				shown.append(String.format("\\u%04x", c));
			}
			else {
				shown.appendCodePoint(c);
			}
		});
		shown.append('\'');
		return (length <= SHOWN_LENGTH) ? shown.toString() : shown + "… (" + length + " characters)";
	}

	static int length(String value) {
		return value.codePointCount(0, value.length());
	}

	private static String text(String value) {
		int length = length(value);
		if (length > TEXT_LENGTH) {
			throw new IllegalArgumentException("must be at most " + TEXT_LENGTH + " characters, was " + length);
		}
		return value;
	}

	private static String number(String value) {
		String number = value.strip();
		if (number.isEmpty()) {
			throw new IllegalArgumentException("must be a number, was empty");
		}
		if (length(number) > NUMBER_LENGTH) {
			throw new IllegalArgumentException("must be a number of at most " + NUMBER_LENGTH + " characters, was "
					+ length(number));
		}
		if (!DECIMAL.matcher(number).matches()) {
			throw new IllegalArgumentException("must be a decimal number such as 42 or -1.5, was " + shown(value));
		}
		BigDecimal decimal = new BigDecimal(number);
		return (decimal.signum() == 0) ? "0" : decimal.stripTrailingZeros().toPlainString();
	}

}
