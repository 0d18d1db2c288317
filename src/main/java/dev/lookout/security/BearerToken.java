package dev.lookout.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An API token as a request presented it ({@code Authorization: Bearer ...}), not yet checked:
 * what the application chain hands to {@link BearerTokens}. The value is the credential; it
 * never appears in {@link #toString()} (which says {@code [PROTECTED]}).
 */
public final class BearerToken extends AbstractAuthenticationToken {

	private String value;

	private final String address;

	/**
	 * @param address the client's address ({@code web.ClientAddresses}), for throttling, the audit log and last use
	 */
	public BearerToken(String value, String address) {
		super(List.of());
		this.value = value;
		this.address = address;
		setAuthenticated(false);
	}

	public String value() {
		return this.value;
	}

	public String address() {
		return this.address;
	}

	@Override
	public Object getCredentials() {
		return this.value;
	}

	@Override
	public Object getPrincipal() {
		return null;
	}

	@Override
	public void eraseCredentials() {
		this.value = null;
	}

}
