package dev.lookout.runtime;

import java.security.Principal;

import dev.lookout.lifecycle.ReloadReport;
import dev.lookout.web.ApiException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin runtime page, and its reload button (a form with the CSRF field, like every admin form). */
@Controller
@RequestMapping("/admin/runtime")
class RuntimePages {

	private static final String REDIRECT_TO_PAGE = "redirect:/admin/runtime";

	private final RuntimeView view;

	private final AdminReload reload;

	RuntimePages(RuntimeView view, AdminReload reload) {
		this.view = view;
		this.reload = reload;
	}

	@GetMapping
	String page(Model model) {
		model.addAttribute("state", this.view.state());
		model.addAttribute("pools", this.view.pools().values());
		model.addAttribute("breakers", this.view.breakers());
		model.addAttribute("channels", this.view.channels());
		model.addAttribute("views", this.view.views());
		model.addAttribute("workers", this.view.workers());
		model.addAttribute("watchdogEnabled", this.view.watchdogEnabled());
		model.addAttribute("watchdogGaveUp", this.view.watchdogGaveUp());
		model.addAttribute("actions", this.view.watchdogActions());
		model.addAttribute("hooks", this.view.hooks());
		model.addAttribute("restartable", this.view.restartableHooks());
		model.addAttribute("lastReload", this.view.lastReload());
		model.addAttribute("lastShutdown", this.view.lastShutdown());
		model.addAttribute("keyRotation", this.view.keyRotation());
		return "runtime/page";
	}

	@PostMapping("/reload")
	String reload(Principal principal, RedirectAttributes redirect) {
		try {
			ReloadReport report = this.reload.reload(principal, "page");
			redirect.addFlashAttribute(report.succeeded() ? "notice" : "error",
					"Reload " + (report.succeeded() ? "finished" : "FAILED") + " in " + report.total().toMillis()
							+ " ms.");
		}
		catch (ApiException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return REDIRECT_TO_PAGE;
	}

}
