package dev.lookout.datasource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a data source's account may do beyond reading, as the database itself says: whether it
 * can reach the database server's files or programs (a superuser, PostgreSQL's
 * {@code pg_read_server_files}, {@code pg_write_server_files}, {@code pg_execute_server_program},
 * MariaDB's {@code FILE} or {@code SUPER}, an H2 admin), and where it could write.
 *
 * @param fileAccess each way the account reaches the server's files or programs; empty when none
 * @param writes each place the account could change data; empty when none
 */
record AccountPrivileges(List<String> fileAccess, List<String> writes) {

	/** PostgreSQL 16 stopped letting CREATEROLE grant roles its holder does not administer. */
	private static final int POSTGRESQL_16 = 160000;

	private static final String POSTGRESQL = """
			SELECT r.rolsuper, r.rolcreaterole, current_setting('server_version_num')::int,
			  (SELECT string_agg(g.rolname, ', ' ORDER BY g.rolname) FROM pg_roles g
			    WHERE g.rolname IN ('pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program')
			    AND pg_has_role(current_user, g.oid, 'MEMBER')),
			  (SELECT string_agg(n.nspname, ', ' ORDER BY n.nspname) FROM pg_namespace n
			    WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
			    AND has_schema_privilege(current_user, n.oid, 'CREATE')),
			  (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			    WHERE c.relkind IN ('r', 'p', 'v', 'f') AND n.nspname NOT LIKE 'pg\\_%'
			    AND n.nspname <> 'information_schema'
			    AND (has_table_privilege(current_user, c.oid, 'INSERT') OR has_table_privilege(current_user, c.oid, 'UPDATE')
			      OR has_table_privilege(current_user, c.oid, 'DELETE') OR has_table_privilege(current_user, c.oid, 'TRUNCATE')))
			FROM pg_roles r WHERE r.rolname = current_user""";

	/** {@code GRANT <privileges> ON <object> TO ...}; role grants have no ON. */
	private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO ", Pattern.CASE_INSENSITIVE);

	private static final List<String> MARIADB_FILE_PRIVILEGES = List.of("FILE", "SUPER", "ALL PRIVILEGES");

	private static final List<String> MARIADB_WRITE_PRIVILEGES = List.of("INSERT", "UPDATE", "DELETE", "CREATE", "DROP",
			"ALTER", "ALL PRIVILEGES");

	AccountPrivileges {
		fileAccess = List.copyOf(fileAccess);
		writes = List.copyOf(writes);
	}

	/** Asks the database through one of the source's own connections; leaves no transaction open. */
	static AccountPrivileges of(DataSourceKind kind, Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			return switch (kind) {
				case POSTGRESQL -> postgresql(statement);
				case MARIADB, MYSQL -> mariaDb(statement);
				case H2 -> h2(statement);
			};
		}
		finally {
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
		}
	}

	private static AccountPrivileges postgresql(Statement statement) throws SQLException {
		List<String> fileAccess = new ArrayList<>();
		List<String> writes = new ArrayList<>();
		try (ResultSet row = statement.executeQuery(POSTGRESQL)) {
			if (!row.next()) {
				throw new SQLException("the account's role could not be found in pg_roles");
			}
			if (row.getBoolean(1)) {
				// A superuser has everything below too; saying so would only bury the point.
				return new AccountPrivileges(List.of("it is a superuser"), List.of("it may change anything"));
			}
			if (row.getBoolean(2) && row.getInt(3) < POSTGRESQL_16) {
				fileAccess.add("it has CREATEROLE, which before PostgreSQL 16 lets it grant itself pg_read_server_files");
			}
			if (row.getString(4) != null) {
				fileAccess.add("it is a member of " + row.getString(4));
			}
			if (row.getString(5) != null) {
				writes.add("it may create objects in schema(s) " + row.getString(5));
			}
			if (row.getLong(6) > 0) {
				writes.add("it may change " + row.getLong(6) + " table(s)");
			}
		}
		return new AccountPrivileges(fileAccess, writes);
	}

	private static AccountPrivileges mariaDb(Statement statement) throws SQLException {
		List<String> fileAccess = new ArrayList<>();
		List<String> writes = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
			while (rows.next()) {
				Matcher grant = GRANT.matcher(rows.getString(1));
				if (!grant.find()) {
					continue;
				}
				String on = grant.group(2);
				for (String privilege : grant.group(1).split(",")) {
					String name = privilege.strip().toUpperCase(Locale.ROOT);
					if (on.equals("*.*") && MARIADB_FILE_PRIVILEGES.contains(name)) {
						fileAccess.add("it holds " + name + " on *.*");
					}
					if (MARIADB_WRITE_PRIVILEGES.stream().anyMatch(name::startsWith)) {
						writes.add("it holds " + name + " on " + on);
					}
				}
			}
		}
		return new AccountPrivileges(fileAccess, writes);
	}

	private static AccountPrivileges h2(Statement statement) throws SQLException {
		try (ResultSet row = statement
			.executeQuery("SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER")) {
			// A user who cannot see its own row is no admin: admins see every row.
			boolean admin = row.next() && row.getBoolean(1);
			return new AccountPrivileges(admin ? List.of("it is an H2 admin, and H2 runs inside Lookout") : List.of(),
					List.of());
		}
	}

}
