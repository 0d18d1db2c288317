package dev.lookout.tokens;

import java.util.ArrayList;
import java.util.List;

import dev.lookout.security.Groups;
import dev.lookout.security.TokenAuthentication;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API token: in its owner's name, with the token's role and the
 * groups its owner had when it was created, and nothing else (not the owner's current role).
 */
final class TokenAuthenticationToken extends AbstractAuthenticationToken implements TokenAuthentication {

	private final ApiToken token;

	TokenAuthenticationToken(ApiToken token) {
		super(authorities(token));
		this.token = token;
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(ApiToken token) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(token.role().authority()));
		token.groups().forEach((group) -> authorities.add(new SimpleGrantedAuthority(Groups.authority(group))));
		return authorities;
	}

	@Override
	public String tokenId() {
		return this.token.id();
	}

	ApiToken token() {
		return this.token;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.token.owner();
	}

	@Override
	public String getName() {
		return this.token.owner();
	}

}
