package dev.lookout.security.signin;

import dev.lookout.security.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@code LDAP_ROLE_MAP}: which group gives which role, read without regard to case, and the maps refused. */
class RoleMapTest {

	@Test
	void roleMapsAreReadWithoutRegardToCase() {
		RoleMap map = RoleMap.parse(" Lookout-Admins = admin , readers=Viewer,");
		assertThat(map.roleOf("lookout-admins")).contains(Role.ADMIN);
		assertThat(map.roleOf("READERS")).contains(Role.VIEWER);
		assertThat(map.roleOf("finance")).isEmpty();
	}

	@Test
	void roleMapsThatCannotBeMeantAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RoleMap.parse("lookout-admins"))
			.withMessage("entry \"lookout-admins\" is not written group=ROLE");
		assertThatIllegalArgumentException().isThrownBy(() -> RoleMap.parse("=ADMIN"))
			.withMessage("entry \"=ADMIN\" is not written group=ROLE");
		assertThatIllegalArgumentException().isThrownBy(() -> RoleMap.parse("ops=ADMIN,OPS=VIEWER"))
			.withMessage("group \"OPS\" is mapped to both ADMIN and VIEWER");
		assertThatIllegalArgumentException().isThrownBy(() -> RoleMap.parse(" , "))
			.withMessage("it maps no group, so nobody could sign in");
	}

}
