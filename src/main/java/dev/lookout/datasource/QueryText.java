package dev.lookout.datasource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * Checks the SQL of a query before it reaches a database: one statement (a trailing semicolon
 * is fine), starting with a query keyword.
 * <p>
 * The read-only transaction is what keeps queries from writing on PostgreSQL and MariaDB/MySQL.
 * These checks close the gaps it leaves: a {@code COMMIT} followed by another statement would
 * run that statement outside the read-only transaction, and H2 ignores read-only connections
 * altogether (DML is still rolled back, but DDL commits on its own).
 * <p>
 * To find statement boundaries the scanner follows the rules PostgreSQL and H2 share: quoted
 * strings and identifiers with doubled quotes, {@code --} and nested {@code /* *}{@code /}
 * comments, {@code $$} quotes. Where databases read text differently (a backslash inside
 * quotes, a tagged dollar quote), every semicolon counts as a separator, so a statement can
 * never hide behind a difference of dialect. MariaDB/MySQL run one statement per call anyway,
 * since URLs may not enable multi-queries.
 * <p>
 * The same pass finds what {@link SqlParameters} binds: {@code :name} parameters and bare
 * {@code ?} marks, in code only (never in quotes, quoted identifiers, comments or dollar quotes).
 * <p>
 * Over 300 lines because its one lexer serves both jobs that must agree on what is code (statement boundaries and named parameters); two lexers could disagree.
 */
final class QueryText {

	static final int MAX_LENGTH = 100_000;

	private static final List<String> QUERY_KEYWORDS = List.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW",
			"EXPLAIN");

	private QueryText() {
	}

	/**
	 * The statement to run: the SQL without trailing semicolons and whitespace.
	 * @throws ApiException with {@code VALIDATION_FAILED} when it is empty, too long, more
	 * than one statement, or not a query
	 */
	static String statementOf(String sql) {
		return parse(sql).text();
	}

	/**
	 * The statement to run, with its parameters and bare question marks at positions in that text.
	 * @throws ApiException with {@code VALIDATION_FAILED} as {@link #statementOf(String)}
	 */
	static Parsed parse(String sql) {
		if (sql == null || sql.isBlank()) {
			throw invalid("sql is required");
		}
		if (sql.length() > MAX_LENGTH) {
			throw invalid("sql must be at most " + MAX_LENGTH + " characters, but has " + sql.length());
		}
		Scan scan = new Scan(sql);
		scan.run();
		if (scan.ambiguous) {
			scan.strictly();
		}
		if (scan.codeAfterSeparator) {
			throw invalid("Only one statement can run at a time, but the ';' at position " + (scan.firstSeparator + 1)
					+ " is followed by more SQL" + (scan.ambiguous ? " (with a backslash inside quotes or a tagged"
							+ " dollar quote, every ';' counts, since databases read those differently)" : ""));
		}
		String head = (scan.firstSeparator >= 0) ? sql.substring(0, scan.firstSeparator) : sql;
		String statement = head.strip();
		String keyword = scan.firstWord.toUpperCase(Locale.ROOT);
		if (!QUERY_KEYWORDS.contains(keyword)) {
			throw invalid("Only queries can run: the statement must start with " + String.join(", ", QUERY_KEYWORDS)
					+ (keyword.isEmpty() ? "" : ", but starts with '" + abbreviated(keyword) + "'"));
		}
		int offset = head.length() - head.stripLeading().length();
		List<Parameter> parameters = scan.parameters.stream()
			.filter((parameter) -> parameter.end() <= head.length())
			.map((parameter) -> new Parameter(parameter.name(), parameter.start() - offset, parameter.end() - offset))
			.toList();
		List<Integer> questionMarks = scan.questionMarks.stream()
			.filter((position) -> position < head.length())
			.map((position) -> position - offset)
			.toList();
		return new Parsed(statement, parameters, questionMarks, scan.ambiguous);
	}

	private static String abbreviated(String word) {
		return (word.length() <= 30) ? word : word.substring(0, 30) + "…";
	}

	private static ApiException invalid(String detail) {
		return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
	}

	/**
	 * A statement that may run.
	 * @param text the statement, as {@link #statementOf(String)} returns it
	 * @param parameters each {@code :name} in code, in order of position
	 * @param questionMarks the position of each {@code ?} in code
	 * @param ambiguous whether quoting was found that databases read differently (a backslash inside
	 * quotes, a tagged dollar quote), so that what is code may differ from what this scan found
	 */
	record Parsed(String text, List<Parameter> parameters, List<Integer> questionMarks, boolean ambiguous) {
	}

	/** A {@code :name} in code: {@code start} is the colon's position, {@code end} just after the name. */
	record Parameter(String name, int start, int end) {
	}

	/**
	 * One pass over the SQL, noting the first separator, what follows it, the first word, and the
	 * parameters and question marks in code.
	 */
	private static final class Scan {

		private final String sql;

		int firstSeparator = -1;

		boolean codeAfterSeparator;

		boolean ambiguous;

		String firstWord = "";

		final List<Parameter> parameters = new ArrayList<>();

		final List<Integer> questionMarks = new ArrayList<>();

		/** Whether anything but whitespace, comments and opening parentheses was seen. */
		private boolean started;

		Scan(String sql) {
			this.sql = sql;
		}

		void run() {
			int i = 0;
			int length = this.sql.length();
			while (i < length) {
				char c = this.sql.charAt(i);
				if (c == '-' && next(i) == '-') {
					i = lineEnd(i);
				}
				else if (c == '/' && next(i) == '*') {
					i = blockCommentEnd(i);
				}
				else if (c == ';') {
					if (this.firstSeparator < 0) {
						this.firstSeparator = i;
					}
					i++;
				}
				else if (Character.isWhitespace(c) || (c == '(' && !this.started)) {
					i++;
				}
				else {
					code(i);
					if (c == '\'' || c == '"') {
						i = quotedEnd(i, c);
					}
					else if (c == '$' && dollarQuoteStarts(i)) {
						i = dollarQuotedEnd(i);
					}
					else if (c == ':') {
						i = colonEnd(i);
					}
					else if (c == '?') {
						this.questionMarks.add(i);
						i++;
					}
					else {
						i = tokenEnd(i);
					}
				}
			}
		}

		/** Recounts with every semicolon as a separator, for SQL whose quoting is ambiguous. */
		void strictly() {
			this.firstSeparator = this.sql.indexOf(';');
			this.codeAfterSeparator = this.firstSeparator >= 0 && this.sql.substring(this.firstSeparator)
				.chars()
				.anyMatch((c) -> c != ';' && !Character.isWhitespace(c));
		}

		private void code(int i) {
			if (this.firstSeparator >= 0) {
				this.codeAfterSeparator = true;
			}
			if (!this.started) {
				this.started = true;
				int end = i;
				while (end < this.sql.length() && Character.isLetter(this.sql.charAt(end))) {
					end++;
				}
				this.firstWord = this.sql.substring(i, Math.max(end, i + 1));
			}
		}

		private char next(int i) {
			return (i + 1 < this.sql.length()) ? this.sql.charAt(i + 1) : 0;
		}

		/** An identifier, number or operator: up to the next character that may start something else. */
		private int tokenEnd(int i) {
			char c = this.sql.charAt(i);
			if (!isWordPart(c)) {
				return i + 1;
			}
			int end = i + 1;
			while (end < this.sql.length() && isWordPart(this.sql.charAt(end))) {
				end++;
			}
			return end;
		}

		/**
		 * A cast ({@code ::type}) is passed over whole, both colons. {@code :name} is a parameter
		 * unless the colon follows a word character, {@code ]} or {@code )}: there it separates
		 * two operands, as in the array slice {@code arr[1:2]} or {@code f(x)[1:n]}, or it is
		 * dialect text such as {@code x:y}, and is left alone.
		 */
		private int colonEnd(int i) {
			if (next(i) == ':') {
				return i + 2;
			}
			char before = (i > 0) ? this.sql.charAt(i - 1) : ' ';
			if (isWordPart(before) || before == ']' || before == ')' || !isNameStart(next(i))) {
				return i + 1;
			}
			int end = i + 2;
			while (end < this.sql.length() && (isNameStart(this.sql.charAt(end)) || isDigit(this.sql.charAt(end)))) {
				end++;
			}
			this.parameters.add(new Parameter(this.sql.substring(i + 1, end), i, end));
			return end;
		}

		private int lineEnd(int i) {
			int end = i + 2;
			while (end < this.sql.length() && this.sql.charAt(end) != '\n' && this.sql.charAt(end) != '\r') {
				end++;
			}
			return end;
		}

		/** PostgreSQL and H2 both nest block comments. */
		private int blockCommentEnd(int i) {
			int depth = 0;
			int end = i;
			while (end < this.sql.length()) {
				if (this.sql.startsWith("/*", end)) {
					depth++;
					end += 2;
				}
				else if (this.sql.startsWith("*/", end)) {
					depth--;
					end += 2;
					if (depth == 0) {
						return end;
					}
				}
				else {
					end++;
				}
			}
			return end;
		}

		/** A doubled quote stays inside; a backslash makes the end ambiguous across dialects. */
		private int quotedEnd(int i, char quote) {
			int end = i + 1;
			while (end < this.sql.length()) {
				char c = this.sql.charAt(end);
				if (c == '\\') {
					this.ambiguous = true;
				}
				if (c == quote) {
					if (next(end) != quote) {
						return end + 1;
					}
					end++;
				}
				end++;
			}
			return end;
		}

		/** A dollar quote starts where no identifier or parameter ({@code a$b}, {@code $1}) is. */
		private boolean dollarQuoteStarts(int i) {
			if (i > 0 && isWordPart(this.sql.charAt(i - 1))) {
				return false;
			}
			int end = i + 1;
			while (end < this.sql.length() && isWordPart(this.sql.charAt(end)) && this.sql.charAt(end) != '$') {
				end++;
			}
			return end < this.sql.length() && this.sql.charAt(end) == '$'
					&& (end == i + 1 || !Character.isDigit(this.sql.charAt(i + 1)));
		}

		private int dollarQuotedEnd(int i) {
			int tagEnd = this.sql.indexOf('$', i + 1);
			String tag = this.sql.substring(i, tagEnd + 1);
			if (tag.length() > 2) {
				// Only PostgreSQL has tagged dollar quotes.
				this.ambiguous = true;
			}
			int close = this.sql.indexOf(tag, tagEnd + 1);
			return (close < 0) ? this.sql.length() : close + tag.length();
		}

		/** Parameter names are ASCII: {@code [A-Za-z_][A-Za-z0-9_]*}. */
		private static boolean isNameStart(char c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
		}

		private static boolean isDigit(char c) {
			return c >= '0' && c <= '9';
		}

		private static boolean isWordPart(char c) {
			return Character.isLetterOrDigit(c) || c == '_' || c == '$';
		}

	}

}
