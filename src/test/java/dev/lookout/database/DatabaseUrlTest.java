package dev.lookout.database;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTest {

	@Test
	void postgresFormBecomesJdbcWithDecodedCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://app%20user:s%40cr%3At%2Fp%25ss@db.example.com:6543/lookout");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/lookout");
		assertThat(url.username()).isEqualTo("app user");
		assertThat(url.password()).isEqualTo("s@cr:t/p%ss");
		assertThat(url.isPostgres()).isTrue();
	}

	@Test
	void postgresqlSchemeAndUpperCaseAreTheSame() {
		assertThat(DatabaseUrl.parse("PostgreSQL://u:p@host/db"))
			.isEqualTo(DatabaseUrl.parse("postgres://u:p@host/db"))
			.isEqualTo(new DatabaseUrl("jdbc:postgresql://host:5432/db", "u", "p"));
	}

	@Test
	void portDefaultsTo5432() {
		assertThat(DatabaseUrl.parse("postgres://u:p@host/db").jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
	}

	@Test
	void plusInUserInfoIsAPlus() {
		assertThat(DatabaseUrl.parse("postgres://u:a+b@host/db").password()).isEqualTo("a+b");
	}

	@Test
	void unencodedAtSignInPasswordStillParses() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@ss@host/db");
		assertThat(url.password()).isEqualTo("p@ss");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
	}

	@Test
	void nonAsciiCredentialsDecodeAsUtf8() {
		assertThat(DatabaseUrl.parse("postgres://%C3%BCser:p%E2%82%AC@host/db"))
			.extracting(DatabaseUrl::username, DatabaseUrl::password)
			.containsExactly("üser", "p€");
	}

	@Test
	void queryParametersAreKept() {
		assertThat(DatabaseUrl.parse("postgres://u:p@host:5433/db?sslmode=require&connectTimeout=5").jdbcUrl())
			.isEqualTo("jdbc:postgresql://host:5433/db?sslmode=require&connectTimeout=5");
	}

	@Test
	void encodedDatabaseNameIsLeftForTheDriver() {
		assertThat(DatabaseUrl.parse("postgres://u:p@host/my%20db").jdbcUrl())
			.isEqualTo("jdbc:postgresql://host:5432/my%20db");
	}

	@Test
	void ipv6AndSeveralHostsAreKept() {
		assertThat(DatabaseUrl.parse("postgres://u:p@[::1]:5433/db").jdbcUrl())
			.isEqualTo("jdbc:postgresql://[::1]:5433/db");
		assertThat(DatabaseUrl.parse("postgres://u:p@primary,standby:5433/db?targetServerType=primary").jdbcUrl())
			.isEqualTo("jdbc:postgresql://primary:5432,standby:5433/db?targetServerType=primary");
	}

	@Test
	void credentialsAreOptional() {
		assertThat(DatabaseUrl.parse("postgres://host/db")).isEqualTo(new DatabaseUrl("jdbc:postgresql://host:5432/db", null, null));
		assertThat(DatabaseUrl.parse("postgres://user@host/db")).isEqualTo(new DatabaseUrl("jdbc:postgresql://host:5432/db", "user", null));
		assertThat(DatabaseUrl.parse("postgres://user:@host/db").password()).isNull();
	}

	@Test
	void defaultCredentialsFillOnlyWhatTheUrlLacks() {
		assertThat(DatabaseUrl.parse("postgres://user@host/db").withDefaultCredentials("other", "secret"))
			.extracting(DatabaseUrl::username, DatabaseUrl::password)
			.containsExactly("user", "secret");
		assertThat(DatabaseUrl.parse("postgres://user:own@host/db").withDefaultCredentials("other", "secret"))
			.extracting(DatabaseUrl::username, DatabaseUrl::password)
			.containsExactly("user", "own");
		assertThat(DatabaseUrl.parse("jdbc:postgresql://host/db").withDefaultCredentials(" ", ""))
			.extracting(DatabaseUrl::username, DatabaseUrl::password)
			.containsExactly(null, null);
	}

	@Test
	void jdbcUrlsPassThrough() {
		assertThat(DatabaseUrl.parse(" jdbc:postgresql://host:5432/db?ssl=true "))
			.isEqualTo(new DatabaseUrl("jdbc:postgresql://host:5432/db?ssl=true", null, null));
		DatabaseUrl h2 = DatabaseUrl.parse("jdbc:h2:mem:demo;MODE=PostgreSQL");
		assertThat(h2.jdbcUrl()).isEqualTo("jdbc:h2:mem:demo;MODE=PostgreSQL");
		assertThat(h2.isPostgres()).isFalse();
	}

	@Test
	void embeddedH2UrlsBehaveLikePostgres() {
		String flags = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
		assertThat(DatabaseUrl.h2File(Path.of("/srv/lookout/data")).jdbcUrl())
			.isEqualTo("jdbc:h2:file:/srv/lookout/data/lookout" + flags);
		assertThat(DatabaseUrl.h2File(Path.of("./data")).jdbcUrl())
			.isEqualTo("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("lookout") + flags);
		assertThat(DatabaseUrl.h2InMemory("x").jdbcUrl()).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1" + flags);
	}

	@ParameterizedTest
	@ValueSource(strings = { "mysql://u:hunter2@host/db", "jdbc:mysql://host/db?password=hunter2", "hunter2",
			"http://u:hunter2@host/db", "postgres:/u:hunter2@host/db" })
	void unsupportedUrlsAreRefusedNamingTheVariableAndForms(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageStartingWith("DATABASE_URL is not a PostgreSQL or H2 URL; accepted forms: postgres://")
			.withMessageContaining("jdbc:postgresql://")
			.withMessageContaining("jdbc:h2:")
			.withMessageNotContaining("hunter2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  " })
	void blankIsRefused(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageStartingWith("DATABASE_URL is empty; accepted forms");
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(null))
			.withMessageStartingWith("DATABASE_URL is empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres://u:hunter2@/db", "postgres://u:hunter2@host:/db", "postgres://u:hun/ter2@host/db",
			"postgres://u:hunter2@ho st/db", "postgres://u:hunter2@[::1/db", "postgres://u:hunter2@a,/db" })
	void badHostsAreRefusedWithoutThePassword(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageStartingWith("DATABASE_URL names no valid host")
			.withMessageContaining("percent-encode")
			.withMessageNotContaining("hunter2")
			.withMessageNotContaining("hun");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres://u:hunter2@host:0/db", "postgres://u:hunter2@host:65536/db",
			"postgres://u:hunter2@host:99999/db" })
	void portsOutOfRangeAreRefused(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageStartingWith("DATABASE_URL has a port that is not a number from 1 to 65535")
			.withMessageNotContaining("hunter2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres://u:hunter2@host", "postgres://u:hunter2@host/", "postgres://u:hunter2@host?x=1",
			"postgres://u:hunter2@host/a/b" })
	void aDatabaseIsRequired(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageStartingWith("DATABASE_URL names no database (write /<database> after the host)")
			.withMessageNotContaining("hunter2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres://u:hunter2%zz@host/db", "postgres://u:hunter2%4@host/db",
			"postgres://u%G1:hunter2@host/db" })
	void malformedEncodingIsRefusedWithoutItsText(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageStartingWith("DATABASE_URL has a malformed percent-encoding in its user or password")
			.withMessageNotContaining("hunter2")
			.withNoCause();
	}

	@Test
	void toStringNeverShowsThePassword() {
		assertThat(DatabaseUrl.parse("postgres://app:hunter2@host/db?sslmode=require"))
			.hasToString("jdbc:postgresql://host:5432/db?sslmode=require (user app)");
		assertThat(DatabaseUrl.parse("jdbc:postgresql://host/db?user=app&password=hunter2&sslpassword=hunter2&ssl=true"))
			.hasToString("jdbc:postgresql://host/db?user=app&password=****&sslpassword=****&ssl=true");
		assertThat(DatabaseUrl.parse("jdbc:h2:mem:x;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL"))
			.hasToString("jdbc:h2:mem:x;USER=sa;PASSWORD=****;MODE=PostgreSQL");
	}

}
