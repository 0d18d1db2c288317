package dev.lookout.security.signin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form. Spring Security handles {@code POST /login} itself ({@link LoginOutcomes}). */
@Controller
class LoginController {

	private final List<DevelopmentDirectory.DemoUser> demoUsers;

	LoginController(ObjectProvider<DevelopmentDirectory> developmentDirectory) {
		DevelopmentDirectory directory = developmentDirectory.getIfAvailable();
		this.demoUsers = (directory != null) ? directory.users() : List.of();
	}

	@GetMapping("/login")
	String login(HttpServletRequest request, Model model) {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(LoginOutcomes.NOTICE) instanceof String notice) {
			// Shown once: a reload of the form starts afresh.
			session.removeAttribute(LoginOutcomes.NOTICE);
			model.addAttribute("notice", notice);
		}
		model.addAttribute("signedOut", request.getParameter("logout") != null);
		model.addAttribute("demoUsers", this.demoUsers);
		model.addAttribute("demoPassword", DevelopmentDirectory.PASSWORD);
		return "login";
	}

}
