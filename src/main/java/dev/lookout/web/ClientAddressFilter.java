package dev.lookout.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes {@link HttpServletRequest#getRemoteAddr()} the client's address as {@link ClientAddresses}
 * resolves it, for everything after it (sign-in throttle, audit log, logs): one decision, made
 * once, instead of every reader of the address parsing headers its own way. Only the address:
 * scheme and host still come from the connection. Runs right after the request id, before
 * sessions and security.
 */
final class ClientAddressFilter extends OncePerRequestFilter {

	private final ClientAddresses addresses;

	ClientAddressFilter(ClientAddresses addresses) {
		this.addresses = addresses;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.addresses.trustsAny()) {
			// No proxy can name the client: the peer is the client, as the container spells it, which is
			// already the canonical form (InetAddress#getHostAddress).
			chain.doFilter(request, response);
			return;
		}
		String client = this.addresses.of(request);
		if (client.equals(request.getRemoteAddr())) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getRemoteAddr() {
				return client;
			}

			@Override
			public String getRemoteHost() {
				return client;
			}

		}, response);
	}

}
