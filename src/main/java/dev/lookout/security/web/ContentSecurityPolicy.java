package dev.lookout.security.web;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends the Content Security Policy with a fresh script nonce on every response and hands the
 * nonce to the templates as the request attribute {@value #NONCE_ATTRIBUTE}
 * ({@code <script th:nonce="${cspNonce}">}).
 * <p>
 * A filter rather than {@code headers().contentSecurityPolicy(...)}: Spring Security 7.0's
 * {@code ContentSecurityPolicyHeaderWriter} only writes a fixed policy string (per-request
 * nonces are spring-security#10826, not in a release yet), and its {@code HeaderWriterFilter}
 * writes when the response commits, after the page has rendered, whereas the nonce must exist
 * before the template does. It runs on error dispatches too, so error pages (rendered after
 * the security chain has returned) carry the policy, with the nonce of their request.
 */
final class ContentSecurityPolicy extends OncePerRequestFilter {

	static final String NONCE_ATTRIBUTE = "cspNonce";

	static final String HEADER = "Content-Security-Policy";

	static final String REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only";

	/** 128 bits, the minimum CSP Level 3 asks of a nonce. */
	private static final int NONCE_BYTES = 16;

	/**
	 * Scripts only from this server or carrying the nonce; styles only from the stylesheets
	 * (ECharts styles elements through the DOM, which the policy allows); fetch and the event
	 * stream only to this server; no plugins, no base tag, no framing, forms post only here.
	 * The same directives in both modes, so report mode shows exactly what enforce would block.
	 */
	private static final String POLICY = "default-src 'self'; script-src 'self' 'nonce-%s'; style-src 'self';"
			+ " img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
			+ " form-action 'self'; frame-ancestors 'none'";

	/**
	 * For a JSON document answered ahead of this filter: it is no page, so nothing may load from it
	 * or frame it, and it needs no nonce.
	 */
	static final String DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * One generator per request thread: the JDK's default ({@code NativePRNG}) serializes every
	 * caller on one lock, which under load was a leading cause of the p99 (docs/benchmarks.md).
	 * DRBG instances are independent, each seeded from the system's entropy.
	 */
	private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(ContentSecurityPolicy::generator);

	private final String header;

	ContentSecurityPolicy(CspMode mode) {
		this.header = headerName(mode);
	}

	static String headerName(CspMode mode) {
		return (mode == CspMode.REPORT) ? REPORT_ONLY_HEADER : HEADER;
	}

	static String policy(String nonce) {
		return POLICY.formatted(nonce);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// An error dispatch keeps the nonce of its request: the header may already carry it.
		String nonce = (request.getAttribute(NONCE_ATTRIBUTE) instanceof String existing) ? existing : newNonce();
		request.setAttribute(NONCE_ATTRIBUTE, nonce);
		response.setHeader(this.header, policy(nonce));
		chain.doFilter(request, response);
	}

	private String newNonce() {
		byte[] bytes = new byte[NONCE_BYTES];
		RANDOM.get().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static SecureRandom generator() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Java 9 and later always provide DRBG", ex);
		}
	}

}
