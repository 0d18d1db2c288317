package dev.lookout.datasource;

/**
 * An H2 database inside this process that the application itself owns, declared as a bean
 * (the development demo's). It is the only kind of H2 source Lookout opens: H2 runs in
 * Lookout's JVM, so its file functions ({@code FILE_READ}, {@code CSVREAD}, {@code CSVWRITE},
 * {@code RUNSCRIPT}...) are this server's file system. The declaring code must open it as a
 * non-admin H2 user (those functions need admin rights); the pool checks that on every first
 * connection and refuses an admin.
 */
public record EmbeddedDataSource(String jdbcUrl, String username) {

	boolean matches(String jdbcUrl, String username) {
		return this.jdbcUrl.equals(jdbcUrl) && this.username.equals(username);
	}

}
