package dev.lookout.datasource;

/**
 * A result column: its label and the JSON-side kind of its values, one of {@code number},
 * {@code string}, {@code boolean}, {@code timestamp}, {@code date}, {@code time},
 * {@code binary}, {@code unknown}; {@code sqlType} is the database's own type name.
 */
public record QueryColumn(String name, String kind, String sqlType) {
}
