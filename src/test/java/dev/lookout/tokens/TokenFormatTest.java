package dev.lookout.tokens;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.lookout.security.Role;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/** The token's text, its hash and comparison, the role ceiling and expiry, without a context. */
class TokenFormatTest {

	private final SecureRandom random = new SecureRandom();

	@Test
	void aNewTokenParsesBackIntoItsParts() {
		for (int i = 0; i < 200; i++) {
			TokenFormat.Generated token = TokenFormat.generate(this.random);
			assertThat(token.text()).startsWith("lk_" + token.id() + "_").hasSize(3 + 12 + 1 + 43);
			assertThat(TokenFormat.parse(token.text())).hasValue(new TokenFormat.Parsed(token.id(), token.secret()));
			assertThat(TokenFormat.idOf(token.text())).hasValue(token.id());
			assertThat(token.toString()).doesNotContain(token.secret());
		}
	}

	@Test
	void secretsAre256RandomBitsAndIdsDiffer() {
		TokenFormat.Generated one = TokenFormat.generate(this.random);
		TokenFormat.Generated two = TokenFormat.generate(this.random);
		assertThat(java.util.Base64.getUrlDecoder().decode(one.secret())).hasSize(32);
		assertThat(one.id()).isNotEqualTo(two.id());
		assertThat(one.secret()).isNotEqualTo(two.secret());
	}

	@Test
	void whatIsNoTokenDoesNotParse() {
		TokenFormat.Generated token = TokenFormat.generate(this.random);
		for (String bad : List.of("", "lk_", "Bearer " + token.text(), token.text() + "x", token.text().substring(1),
				"lk_" + token.id() + "_" + token.secret().substring(1), "lk_short_" + token.secret(),
				token.text().replace("lk_", "LK_"), token.text() + "\n")) {
			assertThat(TokenFormat.parse(bad)).as(bad).isEmpty();
		}
		assertThat(TokenFormat.parse(null)).isEmpty();
		assertThat(TokenFormat.idOf("lk_<script>alert(1)")).isEmpty();
	}

	@Test
	void theHashMatchesOnlyItsSecret() {
		TokenFormat.Generated token = TokenFormat.generate(this.random);
		String hash = TokenFormat.hash(token.secret());
		assertThat(hash).hasSize(64).doesNotContain(token.secret());
		assertThat(TokenFormat.matches(token.secret(), hash)).isTrue();
		assertThat(TokenFormat.matches(TokenFormat.generate(this.random).secret(), hash)).isFalse();
		assertThat(TokenFormat.matches(token.secret(), "not hex")).isFalse();
		assertThat(TokenFormat.matches(token.secret(), hash.substring(2))).isFalse();
	}

	@Test
	void aTokensRoleIsAtMostItsCreators() {
		var editor = new TestingAuthenticationToken("ed", null, "ROLE_EDITOR", "GROUP_data-team");
		var admin = new TestingAuthenticationToken("ada", null, "ROLE_ADMIN");
		var viewer = new TestingAuthenticationToken("vic", null, "ROLE_VIEWER");
		assertThat(TokenService.ceiling(editor)).isEqualTo(Role.EDITOR);
		assertThat(TokenService.grantable(editor)).containsExactly(Role.VIEWER, Role.EDITOR);
		assertThat(TokenService.grantable(admin)).containsExactly(Role.VIEWER, Role.EDITOR, Role.ADMIN);
		assertThat(TokenService.grantable(viewer)).containsExactly(Role.VIEWER);
		assertThat(TokenService.isAdmin(editor)).isFalse();
	}

	@Test
	void aTokenExpiresAtItsTimeAndARevocationWins() {
		Instant now = Instant.parse("2026-03-01T12:00:00Z");
		ApiToken token = new ApiToken("a1B2c3D4e5F6", "deploy", "ed", Role.EDITOR, Set.of(), now.minusSeconds(60),
				now.plus(Duration.ofMinutes(1)), null, null, null, null);
		assertThat(token.state(now)).isEqualTo(ApiToken.State.ACTIVE);
		assertThat(token.state(now.plus(Duration.ofMinutes(1)))).isEqualTo(ApiToken.State.EXPIRED);
		ApiToken forever = new ApiToken("a1B2c3D4e5F6", "deploy", "ed", Role.EDITOR, Set.of(), now, null, null, null,
				null, null);
		assertThat(forever.state(now.plus(Duration.ofDays(10_000)))).isEqualTo(ApiToken.State.ACTIVE);
		ApiToken revoked = new ApiToken("a1B2c3D4e5F6", "deploy", "ed", Role.EDITOR, Set.of(), now, null, null, null,
				now, "ada");
		assertThat(revoked.state(now)).isEqualTo(ApiToken.State.REVOKED);
	}

}
