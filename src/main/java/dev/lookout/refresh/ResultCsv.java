package dev.lookout.refresh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a stored result document as CSV (RFC 4180, UTF-8): made from the bytes the refresh stored,
 * never from a new query. The last few exports are kept per view and result version, so a burst of
 * downloads of one view parses its document once.
 * <p>
 * The format: a header row of the column names, then one record per row; every line ends with
 * CRLF; a field is quoted when it holds {@code "}, {@code ,}, CR or LF, its quotes doubled; a null
 * is an empty field; a number of a {@code number} column is its JSON text (no locale, no
 * rounding), booleans are {@code true}/{@code false}, strings are as they are. A record that would
 * be an empty line (one column, null or empty) is written {@code ""}, so that readers which skip
 * blank lines still count it.
 * <p>
 * Formula neutralisation (OWASP, CSV injection): a spreadsheet runs a cell that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, tab or CR as a formula ({@code =HYPERLINK(…)} leaks
 * data, DDE runs commands). Any such text, column names included, is written with a single quote
 * {@code '} before it, which spreadsheets show as text. Only a JSON number in a {@code number}
 * column is written unchanged ({@code -5} stays {@code -5}): its text can only be a number.
 */
final class ResultCsv {

	/**
	 * The UTF-8 byte order mark, first in every export. Excel (the spreadsheet most users open a
	 * download with) reads a CSV without it in the system's legacy code page, so any non-ASCII
	 * text ({@code Zürich}, {@code 東京}) is garbled; with it, Excel reads UTF-8. RFC 4180 does not
	 * forbid it, the media type says {@code charset=utf-8} anyway, and CSV libraries (Python's
	 * {@code utf-8-sig}, pandas, Commons CSV's {@code BOMInputStream}) skip it.
	 */
	static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private static final String CRLF = "\r\n";

	private static final String NUMBER = "number";

	/** Exports kept, most recently used last: enough for a few views downloaded at once, small in memory. */
	private static final int KEPT = 8;

	/** A plain mapper: only its parser is used, token by token, so numbers keep their text. */
	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<ViewKey, Export> recent = new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<ViewKey, Export> eldest) {
			return size() > KEPT;
		}
	};

	/**
	 * The CSV of a stored result with data (not pending).
	 * @param stored a result with a good result (stale or not)
	 */
	Export export(StoredResult stored) {
		synchronized (this.recent) {
			Export kept = this.recent.get(stored.view());
			if (kept != null && kept.resultVersion() == stored.resultVersion()) {
				return kept;
			}
		}
		Export made = write(stored.resultVersion(), stored.body());
		synchronized (this.recent) {
			this.recent.put(stored.view(), made);
		}
		return made;
	}

	/**
	 * The CSV of one result document.
	 * @param document the JSON of {@link ResultDocuments}
	 */
	Export write(long resultVersion, byte[] document) {
		Table table = read(document);
		StringBuilder csv = new StringBuilder(document.length + 64);
		List<Cell> header = table.columns()
			.stream()
			.map((column) -> new Cell(JsonToken.VALUE_STRING, column.name()))
			.toList();
		record(csv, header, List.of());
		for (List<Cell> row : table.rows()) {
			record(csv, row, table.columns());
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(csv.length() + BOM.length + 16);
		bytes.writeBytes(BOM);
		bytes.writeBytes(csv.toString().getBytes(StandardCharsets.UTF_8));
		return new Export(resultVersion, bytes.toByteArray(), table.truncated());
	}

	/** One line; {@code columns} tells which cells may be numbers (empty for the header). */
	private static void record(StringBuilder csv, List<Cell> cells, List<Column> columns) {
		if (cells.isEmpty()) {
			return;
		}
		int start = csv.length();
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				csv.append(',');
			}
			boolean numberColumn = i < columns.size() && NUMBER.equals(columns.get(i).kind());
			field(csv, cells.get(i), numberColumn);
		}
		if (csv.length() == start) {
			csv.append("\"\"");
		}
		csv.append(CRLF);
	}

	private static void field(StringBuilder csv, Cell cell, boolean numberColumn) {
		String value = switch (cell.token()) {
			case VALUE_NULL -> "";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numberColumn ? cell.text() : neutralised(cell.text());
			case VALUE_TRUE, VALUE_FALSE -> cell.text();
			default -> neutralised(cell.text());
		};
		quoted(csv, value);
	}

	/** The text with a {@code '} before it when a spreadsheet would run it as a formula. */
	static String neutralised(String text) {
		if (text.isEmpty()) {
			return text;
		}
		return switch (text.charAt(0)) {
			case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
			default -> text;
		};
	}

	/** RFC 4180: quoted when it holds a quote, a comma, CR or LF, with its quotes doubled. */
	static void quoted(StringBuilder csv, String value) {
		boolean quote = false;
		for (int i = 0; i < value.length() && !quote; i++) {
			char c = value.charAt(i);
			quote = c == '"' || c == ',' || c == '\r' || c == '\n';
		}
		if (!quote) {
			csv.append(value);
			return;
		}
		csv.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"') {
				csv.append('"');
			}
			csv.append(c);
		}
		csv.append('"');
	}

	/** The columns, rows and row-limit flag of a document, read token by token (numbers as their text). */
	private Table read(byte[] document) {
		List<Column> columns = List.of();
		List<List<Cell>> rows = List.of();
		boolean truncated = false;
		try (JsonParser parser = this.json.createParser(document)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT);
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken value = parser.nextToken();
				switch (name) {
					case "columns" -> columns = columns(parser, value);
					case "rows" -> rows = rows(parser, value);
					case "truncated" -> truncated = value == JsonToken.VALUE_TRUE;
					default -> parser.skipChildren();
				}
			}
		}
		return new Table(columns, rows, truncated);
	}

	private static List<Column> columns(JsonParser parser, JsonToken start) {
		expect(start, JsonToken.START_ARRAY);
		List<Column> columns = new ArrayList<>();
		while (parser.nextToken() == JsonToken.START_OBJECT) {
			String name = "";
			String kind = "";
			for (String member = parser.nextName(); member != null; member = parser.nextName()) {
				JsonToken value = parser.nextToken();
				if (member.equals("name") && value == JsonToken.VALUE_STRING) {
					name = parser.getString();
				}
				else if (member.equals("kind") && value == JsonToken.VALUE_STRING) {
					kind = parser.getString();
				}
				else {
					parser.skipChildren();
				}
			}
			columns.add(new Column(name, kind));
		}
		return columns;
	}

	private static List<List<Cell>> rows(JsonParser parser, JsonToken start) {
		expect(start, JsonToken.START_ARRAY);
		List<List<Cell>> rows = new ArrayList<>();
		while (parser.nextToken() == JsonToken.START_ARRAY) {
			List<Cell> row = new ArrayList<>();
			for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
				if (token.isStructStart()) {
					// Rows hold scalars; anything else is written as text, never lost.
					row.add(new Cell(JsonToken.VALUE_STRING, parser.readValueAsTree().toString()));
				}
				else {
					row.add(new Cell(token, (token == JsonToken.VALUE_NULL) ? null : parser.getString()));
				}
			}
			rows.add(row);
		}
		return rows;
	}

	private static void expect(JsonToken token, JsonToken expected) {
		if (token != expected) {
			throw new IllegalArgumentException("Not a result document: " + expected + " expected, found " + token);
		}
	}

	/**
	 * One result as CSV.
	 * @param csv the UTF-8 bytes, byte order mark first
	 * @param truncated whether the row limit cut the stored result
	 */
	record Export(long resultVersion, byte[] csv, boolean truncated) {

	}

	private record Column(String name, String kind) {

	}

	/** A scalar of the document: its token, and its text as the JSON has it ({@code null} for null). */
	private record Cell(JsonToken token, String text) {

	}

	private record Table(List<Column> columns, List<List<Cell>> rows, boolean truncated) {

	}

}
