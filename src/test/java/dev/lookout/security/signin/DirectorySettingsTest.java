package dev.lookout.security.signin;

import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Directory settings that would quietly sign in the wrong person, or wait without end, are refused. */
class DirectorySettingsTest {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void theShippedDefaultsAreValid() {
		assertThat(this.validator.validate(BoundDirectorySettings.of(Map.of()))).isEmpty();
	}

	@Test
	void aUserFilterWithoutTheTypedNameIsRefused() {
		// "(uid=admin)" would find admin whatever name was typed: anyone with admin's password is admin.
		assertThat(violations("LDAP_USER_FILTER", "(uid=admin)"))
			.containsExactly("userFilter: must contain {0}, the place of the name typed at sign-in");
	}

	@Test
	void aGroupFilterWithoutTheMemberIsRefused() {
		assertThat(violations("LDAP_GROUP_FILTER", "(objectClass=groupOfNames)"))
			.containsExactly("groupFilter: must contain {0}, the place of the member's DN");
	}

	@Test
	void timeoutsAreBounded() {
		assertThat(violations("LDAP_READ_TIMEOUT", "0s"))
			.containsExactly("readTimeout: must be longer than or equal to 100 millis");
		assertThat(violations("LDAP_CONNECT_TIMEOUT", "5m"))
			.containsExactly("connectTimeout: must be shorter than or equal to 30 seconds");
	}

	private List<String> violations(String variable, String value) {
		return this.validator.validate(BoundDirectorySettings.of(Map.of(variable, value)))
			.stream()
			.map((violation) -> violation.getPropertyPath() + ": " + violation.getMessage())
			.toList();
	}

}
