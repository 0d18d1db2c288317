package dev.lookout.refresh;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for tests: records end with CRLF (the last one too), a field is either
 * plain (no {@code "}, CR or LF) or quoted (quotes doubled inside, then a comma or the end of the
 * record); anything else (a bare CR or LF, a quote inside a plain field, text after a closing
 * quote) is refused, where a lenient reader would guess.
 */
final class StrictCsv {

	private StrictCsv() {
	}

	static List<List<String>> parse(String csv) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int i = 0;
		int n = csv.length();
		if (n == 0) {
			return records;
		}
		while (true) {
			if (i < n && csv.charAt(i) == '"') {
				i++;
				while (true) {
					if (i >= n) {
						throw new IllegalArgumentException("Unclosed quote");
					}
					char c = csv.charAt(i++);
					if (c == '"') {
						if (i < n && csv.charAt(i) == '"') {
							field.append('"');
							i++;
						}
						else {
							break;
						}
					}
					else {
						field.append(c);
					}
				}
			}
			else {
				while (i < n && csv.charAt(i) != ',' && csv.charAt(i) != '\r') {
					char c = csv.charAt(i++);
					if (c == '"' || c == '\n') {
						throw new IllegalArgumentException("Bare " + ((c == '"') ? "quote" : "LF") + " at " + (i - 1));
					}
					field.append(c);
				}
			}
			record.add(field.toString());
			field.setLength(0);
			if (i >= n) {
				throw new IllegalArgumentException("The last record does not end with CRLF");
			}
			char separator = csv.charAt(i++);
			if (separator == ',') {
				continue;
			}
			if (separator != '\r' || i >= n || csv.charAt(i) != '\n') {
				throw new IllegalArgumentException("Expected a comma or CRLF at " + (i - 1));
			}
			i++;
			records.add(record);
			record = new ArrayList<>();
			if (i == n) {
				return records;
			}
		}
	}

}
