package dev.lookout.datasource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The kinds: four schemes, told apart by the URL; H2 is not offered to admins. */
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

	@Test
	void messagesOfferOnlyTheNetworkKinds() {
		assertThat(DataSourceKind.schemes()).containsExactly("jdbc:postgresql:", "jdbc:mariadb:", "jdbc:mysql:");
	}

	@Test
	void mysqlUrlsAreMarkedForTheMariaDbDriver() {
		assertThat(DataSourceKind.MYSQL.driverUrl("jdbc:mysql://db/app")).isEqualTo("jdbc:mysql://db/app?permitMysqlScheme");
		assertThat(DataSourceKind.MYSQL.driverUrl("jdbc:mysql://db/app?ssl=true"))
			.isEqualTo("jdbc:mysql://db/app?ssl=true&permitMysqlScheme");
		assertThat(DataSourceKind.MARIADB.driverUrl("jdbc:mariadb://db/app")).isEqualTo("jdbc:mariadb://db/app");
	}

}
