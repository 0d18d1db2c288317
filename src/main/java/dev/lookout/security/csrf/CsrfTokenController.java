package dev.lookout.security.csrf;

import java.util.Map;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session's CSRF token for API clients that have no page to read it from. The token
 * changes at sign-in (the session does), so a client fetches it again after {@code POST /login}.
 */
@RestController
class CsrfTokenController {

	@GetMapping("/api/csrf")
	Map<String, String> token(CsrfToken token) {
		return Map.of("headerName", token.getHeaderName(), "parameterName", token.getParameterName(), "token",
				token.getToken());
	}

}
