package dev.lookout.tokens;

import java.time.Clock;

import dev.lookout.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page {@code /tokens}: a signed-in user's tokens (an admin's page lists everybody's, with
 * their owners), a plain form to create one, whose text is shown once on the answer, and a revoke
 * button per token. Plain forms with the CSRF field: no script needed.
 */
@Controller
class TokenPages {

	private static final String PAGE = "tokens/page";

	private final TokenService service;

	private final Clock clock;

	TokenPages(TokenService service, Clock clock) {
		this.service = service;
		this.clock = clock;
	}

	@GetMapping("/tokens")
	String page(Authentication user, Model model) {
		return show(user, model);
	}

	@PostMapping("/tokens")
	String create(Authentication user, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String role, @RequestParam(required = false) Integer expiresInDays,
			Model model, HttpServletResponse response) {
		try {
			CreatedToken created = this.service.create(user, new TokenRequest(name, role, expiresInDays, null));
			// The token's text is on this answer only: nothing may keep it.
			response.setHeader("Cache-Control", "no-store");
			model.addAttribute("created", created);
		}
		catch (ApiException ex) {
			response.setStatus(ex.code().status().value());
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("typedName", name);
		}
		return show(user, model);
	}

	@PostMapping("/tokens/{id}/revoke")
	String revoke(Authentication user, @PathVariable String id) {
		this.service.revoke(user, id);
		return "redirect:/tokens";
	}

	private String show(Authentication user, Model model) {
		boolean admin = TokenService.isAdmin(user);
		model.addAttribute("admin", admin);
		model.addAttribute("tokens", this.service.list(user, admin));
		model.addAttribute("roles", TokenService.grantable(user));
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("maxName", TokenService.MAX_NAME);
		model.addAttribute("maxDays", TokenService.MAX_DAYS);
		return PAGE;
	}

}
