package dev.lookout.web;

import dev.lookout.system.AppMode;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page. */
@Controller
class HomeController {

	private final AppMode mode;

	HomeController(Environment environment) {
		this.mode = AppMode.of(environment);
	}

	@GetMapping("/")
	String home(Model model) {
		model.addAttribute("mode", this.mode.value());
		return "home";
	}

}
