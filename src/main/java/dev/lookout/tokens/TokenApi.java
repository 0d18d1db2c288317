package dev.lookout.tokens;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/tokens}: list (own; admins {@code ?all=true} for everybody's), create (the answer is
 * the only time the token's text is shown), revoke. Any signed-in user; a session needs the CSRF
 * token for the changes as everywhere, a token needs none but cannot create tokens.
 */
@RestController
@RequestMapping("/api/tokens")
class TokenApi {

	private final TokenService service;

	TokenApi(TokenService service) {
		this.service = service;
	}

	@GetMapping
	List<ApiToken> list(Authentication user, @RequestParam(defaultValue = "false") boolean all) {
		return this.service.list(user, all);
	}

	@PostMapping
	ResponseEntity<CreatedToken> create(Authentication user, @RequestBody TokenRequest request) {
		CreatedToken created = this.service.create(user, request);
		return ResponseEntity.created(URI.create("/api/tokens/" + created.id()))
			.header("Cache-Control", "no-store")
			.body(created);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(Authentication user, @PathVariable String id) {
		this.service.revoke(user, id);
		return ResponseEntity.noContent().build();
	}

}
