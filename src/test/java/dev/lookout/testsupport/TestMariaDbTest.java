package dev.lookout.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestMariaDbTest {

	@Test
	void anAccountMadeForATestConnectsWithItsPassword() throws Exception {
		TestMariaDb mariaDb = TestMariaDb.get();
		mariaDb.execute("CREATE DATABASE IF NOT EXISTS harness");
		mariaDb.createAccount("harness_reader", "reader secret", "SELECT ON harness.*");
		try (Connection connection = DriverManager.getConnection(mariaDb.jdbcUrl("harness"), "harness_reader",
				"reader secret"); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT CURRENT_USER()")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).isEqualTo("harness_reader@127.0.0.1");
		}
	}

}
