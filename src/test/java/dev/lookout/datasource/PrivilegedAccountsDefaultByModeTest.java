package dev.lookout.datasource;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** ALLOW_PRIVILEGED_DATASOURCES unset: production refuses an account that reaches the server's files, other modes warn. */
class PrivilegedAccountsDefaultByModeTest {

	private static final AccountPrivileges SUPERUSER = new AccountPrivileges(List.of("it is a superuser"), List.of());

	@ParameterizedTest
	@CsvSource({ "production, , true", ", , true", "development, , false", "test, , false", "production, true, false",
			"development, false, true" })
	void theModeDecidesUnlessTheFlagIsSet(String mode, Boolean flag, boolean refused) {
		MockEnvironment environment = new MockEnvironment();
		if (mode != null) {
			environment.setProperty("APP_ENV", mode);
		}
		AccountPolicy policy = new DataSourceConfiguration().accountPolicy(new DataSourceSettings("", flag),
				environment);
		assertThat(policy.review(DataSourceKind.POSTGRESQL, SUPERUSER).refusal().isPresent()).isEqualTo(refused);
	}

	@Test
	void anH2AdminIsRefusedEvenWithTheFlag() {
		AccountPolicy lenient = new AccountPolicy(true);
		AccountPrivileges h2Admin = new AccountPrivileges(List.of("it is an H2 admin, and H2 runs inside Lookout"),
				List.of());
		assertThat(lenient.review(DataSourceKind.H2, h2Admin).refusal()).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("non-admin"));
	}

	@Test
	void writesAreAWarningNotARefusal() {
		AccountPolicy strict = new AccountPolicy(false);
		AccountPolicy.Review review = strict.review(DataSourceKind.MARIADB,
				new AccountPrivileges(List.of(), List.of("it holds INSERT on `shop`.*")));
		assertThat(review.refusal()).isEmpty();
		assertThat(review.warnings()).singleElement().asString().startsWith("the account can write");
	}

}
