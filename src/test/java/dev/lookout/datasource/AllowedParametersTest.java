package dev.lookout.datasource;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.export.SslMode;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every name on the allow-lists is an option the driver really reads, under that spelling: a name
 * the driver ignored would be a dead entry at best, and at worst a sign the list was written for
 * another driver.
 */
class AllowedParametersTest {

	private static final JdbcUrlPolicy POLICY = new JdbcUrlPolicy(AllowedHosts.parse(""), List.of());

	/** A valid value for every allowed name; must name exactly the list's entries. */
	private static final Map<String, String> POSTGRESQL_VALUES = values("ApplicationName=Lookout",
			"connectTimeout=10", "loginTimeout=10", "socketTimeout=60", "cancelSignalTimeout=10", "tcpKeepAlive=true",
			"ssl=true", "sslmode=verify-full", "sslrootcert=/etc/lookout/root.crt", "currentSchema=reporting",
			"targetServerType=primary", "loadBalanceHosts=false", "hostRecheckSeconds=10",
			"defaultRowFetchSize=500", "gssEncMode=disable");

	private static final Map<String, String> MARIADB_VALUES = values("connectTimeout=5000", "socketTimeout=60000",
			"tcpKeepAlive=true", "sslMode=verify-full", "useSsl=true", "serverSslCert=/etc/lookout/server.crt",
			"connectionTimeZone=UTC", "forceConnectionTimeZoneToSession=true", "preserveInstants=true",
			"connectionAttributes=program_name:lookout", "useCompression=false", "defaultFetchSize=500");

	/** Read by the driver, but outside its option mapping, so they stay in {@code nonMappedOptions()}. */
	private static final List<String> READ_OUTSIDE_THE_MAPPING = List.of("useSsl", "permitMysqlScheme");

	private static Map<String, String> values(String... pairs) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : pairs) {
			values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
		}
		return values;
	}

	private static String query(Map<String, String> values) {
		return values.entrySet().stream().map((each) -> each.getKey() + "=" + each.getValue())
			.collect(Collectors.joining("&"));
	}

	@Test
	void everyPostgreSqlNameIsAPgjdbcProperty() {
		List<String> names = AllowedParameters.allowedNames(DataSourceKind.POSTGRESQL);
		assertThat(names).isNotEmpty().doesNotHaveDuplicates();
		assertThat(names).allSatisfy((name) -> assertThat(PGProperty.forName(name)).as(name).isNotNull());
	}

	@Test
	void aPostgreSqlUrlCarryingEveryAllowedNameIsAcceptedAndReadAsWritten() {
		assertThat(POSTGRESQL_VALUES.keySet())
			.containsExactlyInAnyOrderElementsOf(AllowedParameters.allowedNames(DataSourceKind.POSTGRESQL));
		String url = "jdbc:postgresql://db.example.com:5432/app?" + query(POSTGRESQL_VALUES);
		assertThat(POLICY.problem(url)).isEmpty();
		var read = Driver.parseURL(url, new java.util.Properties());
		assertThat(read).isNotNull();
		POSTGRESQL_VALUES.forEach((name, value) -> assertThat(read.getProperty(name)).as(name).isEqualTo(value));
	}

	@ParameterizedTest
	@EnumSource(value = DataSourceKind.class, names = { "MARIADB", "MYSQL" })
	void everyMariaDbNameIsAnOptionOfTheDriver(DataSourceKind kind) throws SQLException {
		Map<String, String> values = new LinkedHashMap<>(MARIADB_VALUES);
		if (kind == DataSourceKind.MYSQL) {
			values.put("permitMysqlScheme", "true");
		}
		assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(AllowedParameters.allowedNames(kind));
		String url = "jdbc:" + kind.value() + "://db.example.com:3306/app?" + query(values);
		assertThat(POLICY.problem(url)).isEmpty();
		Configuration configuration = Configuration.parse(kind.driverUrl(url));
		assertThat(configuration).isNotNull();
		assertThat(configuration.nonMappedOptions().stringPropertyNames())
			.as("names the driver does not map to an option")
			.isSubsetOf(READ_OUTSIDE_THE_MAPPING);
		assertThat(configuration.connectTimeout()).isEqualTo(5000);
		assertThat(configuration.socketTimeout()).isEqualTo(60000);
		assertThat(configuration.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(configuration.serverSslCert()).isEqualTo("/etc/lookout/server.crt");
		assertThat(configuration.connectionTimeZone()).isEqualTo("UTC");
		assertThat(configuration.defaultFetchSize()).isEqualTo(500);
	}

	/** The names kept in {@code nonMappedOptions()} are read all the same, by their own code paths. */
	@Test
	void theNamesOutsideTheMappingAreReadByTheDriver() throws SQLException {
		assertThat(Configuration.parse("jdbc:mariadb://db/app").sslMode()).isEqualTo(SslMode.DISABLE);
		assertThat(Configuration.parse("jdbc:mariadb://db/app?useSsl=true").sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(Configuration.parse("jdbc:mariadb://db/app?useSsl").sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(Configuration.parse("jdbc:mysql://db/app")).isNull();
		assertThat(Configuration.parse("jdbc:mysql://db/app?permitMysqlScheme")).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(value = DataSourceKind.class, names = { "POSTGRESQL", "MARIADB", "MYSQL" })
	void theMessageListsTheSameNames(DataSourceKind kind) {
		assertThat(AllowedParameters.names(kind)).isEqualTo(String.join(", ", AllowedParameters.allowedNames(kind)));
	}

	@Test
	void postgreSqlNamesAreExactMariaDbNamesIgnoreCase() {
		assertThat(AllowedParameters.refusal(DataSourceKind.POSTGRESQL, new DriverUrl.Parameter("applicationname", "x")))
			.isPresent();
		assertThat(AllowedParameters.refusal(DataSourceKind.MARIADB, new DriverUrl.Parameter("CONNECTTIMEOUT", "5")))
			.isEmpty();
	}

}
