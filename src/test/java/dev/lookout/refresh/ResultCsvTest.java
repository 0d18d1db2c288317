package dev.lookout.refresh;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.datasource.QueryColumn;
import dev.lookout.datasource.QueryResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV of a stored result document: RFC 4180 with CRLF and a byte order mark, quoting only where
 * needed, nulls empty, numbers as the JSON has them, unicode as UTF-8, every cell a spreadsheet
 * would run as a formula neutralised with a {@code '} (and a number of a number column left a
 * number), and a strict reader reading back what was stored.
 */
class ResultCsvTest {

	private static final Instant AS_OF = Instant.parse("2026-03-04T05:06:07Z");

	private static final QueryColumn TEXT = new QueryColumn("text", "string", "VARCHAR");

	private static final QueryColumn NUMBER = new QueryColumn("n", "number", "INTEGER");

	private final ResultDocuments documents = new ResultDocuments();

	private final ResultCsv csv = new ResultCsv();

	@Test
	void startsWithTheByteOrderMarkThenTheHeaderAndEndsEveryLineWithCrlf() {
		byte[] bytes = export(List.of(TEXT, NUMBER), row("a", 1), row("b", 2)).csv();
		assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
		assertThat(text(bytes)).isEqualTo("text,n\r\na,1\r\nb,2\r\n");
	}

	@Test
	void quotesOnlyFieldsWithAQuoteACommaACrOrAnLfAndDoublesTheirQuotes() {
		String written = text(export(List.of(TEXT), row("plain"), row("a,b"), row("say \"hi\""), row("two\nlines"),
				row("cr\rin"), row("crlf\r\nin"), row("it's; fine")).csv());
		assertThat(written).isEqualTo("text\r\nplain\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n"
				+ "\"cr\rin\"\r\n\"crlf\r\nin\"\r\nit's; fine\r\n");
		assertThat(StrictCsv.parse(written)).extracting((record) -> record.get(0))
			.containsExactly("text", "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rin", "crlf\r\nin", "it's; fine");
	}

	@Test
	void nullsAreEmptyFieldsAndARecordOfOneEmptyFieldIsNotABlankLine() {
		assertThat(text(export(List.of(TEXT, NUMBER), row(null, null), row("x", null)).csv()))
			.isEqualTo("text,n\r\n,\r\nx,\r\n");
		String single = text(export(List.of(TEXT), row((Object) null), row("")).csv());
		assertThat(single).isEqualTo("text\r\n\"\"\r\n\"\"\r\n");
		assertThat(StrictCsv.parse(single)).hasSize(3);
	}

	@Test
	void numbersAreWrittenAsTheirJsonTextWithoutLocaleFormatting() {
		List<QueryColumn> columns = List.of(new QueryColumn("decimal", "number", "NUMERIC"),
				new QueryColumn("double", "number", "DOUBLE"), new QueryColumn("big", "number", "BIGINT"),
				new QueryColumn("flag", "boolean", "BOOLEAN"));
		assertThat(text(export(columns, row(new BigDecimal("1234567.50"), 1.0E10, Long.MAX_VALUE, true),
				row(new BigDecimal("-0.001"), -2.5, -5, false)).csv()))
			.isEqualTo("decimal,double,big,flag\r\n1234567.50,1.0E10,9223372036854775807,true\r\n"
					+ "-0.001,-2.5,-5,false\r\n");
	}

	@Test
	void unicodeIsWrittenAsUtf8() {
		byte[] bytes = export(List.of(new QueryColumn("städte", "string", "VARCHAR")), row("Zürich"), row("東京"),
				row("😀 ok")).csv();
		assertThat(Arrays.copyOfRange(bytes, 3, bytes.length))
			.isEqualTo("städte\r\nZürich\r\n東京\r\n😀 ok\r\n".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void cellsASpreadsheetWouldRunAsFormulasOpenAsText() {
		List<String> hostile = List.of("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-5",
				"=cmd|' /C calc'!A0");
		Object[][] rows = hostile.stream().map((cell) -> row(cell, -5)).toArray(Object[][]::new);
		String written = text(export(List.of(TEXT, NUMBER), rows).csv());
		assertThat(written).isEqualTo("text,n\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-5\r\n'+1+1,-5\r\n'-2+3,-5\r\n"
				+ "'@SUM(A1),-5\r\n'\t=1,-5\r\n\"'\r=1\",-5\r\n'-5,-5\r\n'=cmd|' /C calc'!A0,-5\r\n");
		List<List<String>> records = StrictCsv.parse(written);
		for (int i = 0; i < hostile.size(); i++) {
			List<String> record = records.get(i + 1);
			assertThat(record.get(0)).as("cell %d", i).isEqualTo("'" + hostile.get(i));
			assertThat(record.get(1)).as("number of a number column").isEqualTo("-5");
		}
	}

	@Test
	void onlyANumberOfANumberColumnIsLeftAsItIs() {
		// A number where the column says text, text where it says number: neither is trusted.
		List<QueryColumn> columns = List.of(new QueryColumn("label", "string", "VARCHAR"),
				new QueryColumn("amount", "number", "DOUBLE"));
		assertThat(text(export(columns, row(-5, "-Infinity"), row(7, "NaN")).csv()))
			.isEqualTo("label,amount\r\n'-5,'-Infinity\r\n7,NaN\r\n");
	}

	@Test
	void columnNamesAreNeutralisedToo() {
		List<QueryColumn> columns = List.of(new QueryColumn("=1+1", "number", "INTEGER"),
				new QueryColumn("-total", "number", "INTEGER"), new QueryColumn("a,b", "string", "VARCHAR"));
		assertThat(text(export(columns, row(1, 2, "x")).csv())).isEqualTo("'=1+1,'-total,\"a,b\"\r\n1,2,x\r\n");
	}

	@Test
	void anEmptyResultIsTheHeaderAlone() {
		ResultCsv.Export export = export(List.of(TEXT, NUMBER));
		assertThat(text(export.csv())).isEqualTo("text,n\r\n");
		assertThat(StrictCsv.parse(text(export.csv()))).containsExactly(List.of("text", "n"));
		assertThat(export.truncated()).isFalse();
	}

	@Test
	void aResultCutAtTheRowLimitSaysSo() {
		QueryResult cut = new QueryResult(List.of(NUMBER), List.of(List.of(1), List.of(2)), true, 2,
				Duration.ofMillis(3));
		StoredResult stored = this.documents.ok(ViewKey.of(7), cut, AS_OF, 1, Map.of());
		assertThat(this.csv.export(stored).truncated()).isTrue();
	}

	@Test
	void aStaleResultExportsItsData() {
		StoredResult good = this.documents.ok(ViewKey.of(7), result(List.of(TEXT), row("kept")), AS_OF, 1, Map.of());
		StoredResult stale = this.documents.failed(ViewKey.of(7), Optional.of(good),
				new ResultDocuments.LastError("QUERY_FAILED", "no such table", AS_OF.plusSeconds(60)), 2);
		assertThat(stale.stale()).isTrue();
		assertThat(text(this.csv.export(stale).csv())).isEqualTo("text\r\nkept\r\n");
	}

	@Test
	void anExportIsMadeOncePerViewAndResultVersion() {
		StoredResult first = this.documents.ok(ViewKey.of(7), result(List.of(TEXT), row("a")), AS_OF, 1, Map.of());
		ResultCsv.Export made = this.csv.export(first);
		assertThat(this.csv.export(first)).isSameAs(made);
		StoredResult second = this.documents.ok(ViewKey.of(7), result(List.of(TEXT), row("b")), AS_OF, 2, Map.of());
		assertThat(text(this.csv.export(second).csv())).isEqualTo("text\r\nb\r\n");
		StoredResult otherView = this.documents.ok(new ViewKey(7, "x"), result(List.of(TEXT), row("c")), AS_OF, 1,
				Map.of());
		assertThat(text(this.csv.export(otherView).csv())).isEqualTo("text\r\nc\r\n");
	}

	private ResultCsv.Export export(List<QueryColumn> columns, Object[]... rows) {
		StoredResult stored = this.documents.ok(ViewKey.of(7), result(columns, rows), AS_OF, 1, Map.of());
		return this.csv.write(stored.resultVersion(), stored.body());
	}

	private static QueryResult result(List<QueryColumn> columns, Object[]... rows) {
		return new QueryResult(columns, Arrays.stream(rows).map(Arrays::asList).toList(), false, 1000,
				Duration.ofMillis(3));
	}

	private static Object[] row(Object... cells) {
		return cells;
	}

	/** The CSV after its byte order mark. */
	private static String text(byte[] csv) {
		return new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
	}

}
