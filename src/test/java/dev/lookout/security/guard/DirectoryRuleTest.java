package dev.lookout.security.guard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.lookout.security.ApplicationEnvironment;
import dev.lookout.system.GuardProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard's directory checks, against the shipped application.yaml. */
class DirectoryRuleTest {

	private static final String GOOD_URL = "ldaps://ldap.example.com:636/dc=example,dc=com";

	private final DirectoryRule rule = new DirectoryRule();

	@TempDir
	Path directory;

	@Test
	void productionWithoutADirectoryIsRefusedWithAnExample() {
		assertThat(problems("production")).singleElement().satisfies((problem) -> {
			assertThat(problem.variable()).isEqualTo("LDAP_URL");
			assertThat(problem.problem()).contains("none is set");
			assertThat(problem.fix()).contains("ldaps://ldap.example.com:636/dc=example,dc=com");
		});
		assertThat(problems(null)).extracting(GuardProblem::variable).containsExactly("LDAP_URL");
	}

	@Test
	void developmentAndTestMayRunWithoutADirectory() {
		assertThat(problems("development")).isEmpty();
		assertThat(problems("test")).isEmpty();
	}

	@Test
	void aSoundProductionDirectoryPasses() {
		assertThat(problems("production", "LDAP_URL", GOOD_URL, "LDAP_BIND_DN", "cn=lookout,ou=services,dc=example,dc=com",
				"LDAP_BIND_PASSWORD", "s3rvice-pass")).isEmpty();
		assertThat(problems("production", "LDAP_URL",
				"ldap://ldap1.example.com/dc=example,dc=com ldap://ldap2.example.com/dc=example,dc=com"))
			.isEmpty();
	}

	@Test
	void aUrlThatIsNoLdapUrlIsRefusedInEveryMode() {
		for (String url : List.of("https://ldap.example.com/dc=example,dc=com", "ldap.example.com:389",
				"ldap://ldap.example.com/not a dn", "ldap://user:secret@ldap.example.com/dc=example,dc=com")) {
			assertThat(problems("development", "LDAP_URL", url)).as(url)
				.singleElement()
				.satisfies((problem) -> assertThat(problem.problem()).contains("is not an ldap:// or ldaps:// URL"));
		}
	}

	@Test
	void failoverUrlsMustShareTheirBase() {
		assertThat(problems("test", "LDAP_URL", "ldap://a.example.com/dc=example,dc=com ldap://b.example.com/dc=other"))
			.singleElement()
			.satisfies((problem) -> assertThat(problem.problem()).contains("different base DNs"));
	}

	@Test
	void theDemoDirectoryIsRefusedInProductionOnly() {
		for (String url : List.of("ldap://ldap.example.com:389/dc=lookout,dc=dev",
				"ldap://ldap.example.com/DC=Lookout,%20DC=Dev", "ldap://ldap.example.com/ou=people,dc=lookout,dc=dev")) {
			assertThat(problems("production", "LDAP_URL", url)).as(url)
				.singleElement()
				.satisfies((problem) -> assertThat(problem.problem()).contains("development demo directory"));
			assertThat(problems("development", "LDAP_URL", url)).as(url).isEmpty();
		}
		assertThat(problems("production", "LDAP_URL", "ldap://ldap.example.com", "LDAP_USER_SEARCH_BASE",
				"ou=people,dc=lookout,dc=dev"))
			.extracting(GuardProblem::problem)
			.singleElement()
			.asString()
			.contains("development demo directory");
	}

	@Test
	void aBindDnWithoutItsPasswordIsRefusedInEveryMode() {
		for (String mode : List.of("development", "test", "production")) {
			assertThat(problems(mode, "LDAP_URL", GOOD_URL, "LDAP_BIND_DN", "cn=lookout,dc=example,dc=com")).as(mode)
				.singleElement()
				.satisfies((problem) -> {
					assertThat(problem.variable()).isEqualTo("LDAP_BIND_DN");
					assertThat(problem.problem()).contains("without a password");
					assertThat(problem.fix()).contains("LDAP_BIND_PASSWORD_FILE");
				});
		}
	}

	@Test
	void aBindPasswordWithoutItsDnIsRefused() {
		assertThat(problems("production", "LDAP_URL", GOOD_URL, "LDAP_BIND_PASSWORD", "s3rvice-pass"))
			.singleElement()
			.satisfies((problem) -> {
				assertThat(problem.variable()).isEqualTo("LDAP_BIND_PASSWORD");
				assertThat(problem.toString()).doesNotContain("s3rvice-pass");
			});
	}

	@Test
	void theBindPasswordMayComeFromAFileThatMustBeReadable() throws Exception {
		Path file = Files.writeString(this.directory.resolve("bind-password"), "s3rvice-pass\n");
		assertThat(problems("production", "LDAP_URL", GOOD_URL, "LDAP_BIND_DN", "cn=lookout,dc=example,dc=com",
				"LDAP_BIND_PASSWORD_FILE", file.toString()))
			.isEmpty();
		assertThat(problems("production", "LDAP_URL", GOOD_URL, "LDAP_BIND_DN", "cn=lookout,dc=example,dc=com",
				"LDAP_BIND_PASSWORD_FILE", this.directory.resolve("absent").toString()))
			.singleElement()
			.satisfies((problem) -> assertThat(problem.problem()).contains("cannot be read"));
	}

	@Test
	void aRoleMapNamingAnUnknownRoleIsRefusedNamingTheEntry() {
		assertThat(problems("development", "LDAP_ROLE_MAP", "lookout-admins=ADMIN,ops=ROOT"))
			.singleElement()
			.satisfies((problem) -> {
				assertThat(problem.variable()).isEqualTo("LDAP_ROLE_MAP");
				assertThat(problem.problem())
					.contains("entry \"ops=ROOT\" names no role; the roles are VIEWER, EDITOR, ADMIN");
				assertThat(problem.fix()).contains("lookout-admins=ADMIN,lookout-editors=EDITOR");
			});
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		assertThat(problems("production", "LDAP_BIND_DN", "cn=lookout,dc=example,dc=com", "LDAP_ROLE_MAP", "x=SUPER"))
			.extracting(GuardProblem::variable)
			.containsExactly("LDAP_URL", "LDAP_BIND_DN", "LDAP_ROLE_MAP");
	}

	/** The rule's problems for a mode ({@code null}: APP_ENV unset) and variable name/value pairs. */
	private List<GuardProblem> problems(String mode, String... variables) {
		Map<String, String> environment = new HashMap<>();
		if (mode != null) {
			environment.put("APP_ENV", mode);
		}
		for (int i = 0; i < variables.length; i += 2) {
			environment.put(variables[i], variables[i + 1]);
		}
		return this.rule.check(ApplicationEnvironment.guardContext(environment));
	}

}
