package dev.lookout.alerts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.security.Role;
import dev.lookout.web.ApiException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page {@code /alerts}: the rules the user may see with their state, since when and the value
 * that caused it, the last transitions, and for editors a silence form per rule (plain forms with
 * the CSRF field, no script) and the links to {@link AlertRuleForms}. In development, admins also
 * see what the built-in webhook receiver got ({@link ReceivedWebhooks}).
 */
@Controller
class AlertPages {

	private static final int TRANSITIONS_SHOWN = 30;

	private static final int WEBHOOKS_SHOWN = 30;

	private final AlertReads reads;

	private final AlertSilences silences;

	private final AlertEvaluator evaluator;

	private final ObjectProvider<ReceivedWebhooks> webhooks;

	AlertPages(AlertReads reads, AlertSilences silences, AlertEvaluator evaluator,
			ObjectProvider<ReceivedWebhooks> webhooks) {
		this.reads = reads;
		this.silences = silences;
		this.evaluator = evaluator;
		this.webhooks = webhooks;
	}

	@GetMapping("/alerts")
	String page(Authentication user, Model model) {
		List<AlertRuleView> rules = this.reads.list(null);
		Map<Long, String> names = new HashMap<>();
		rules.forEach((rule) -> names.put(rule.id(), rule.name()));
		model.addAttribute("rules", rules);
		model.addAttribute("changeable",
				rules.stream().filter(this.reads::onEditableDashboard).map(AlertRuleView::id).collect(Collectors.toSet()));
		model.addAttribute("names", names);
		model.addAttribute("transitions", this.reads.recentTransitions(TRANSITIONS_SHOWN));
		model.addAttribute("counts", this.evaluator.counts());
		model.addAttribute("waiting", this.evaluator.pendingWrites());
		ReceivedWebhooks received = this.webhooks.getIfAvailable();
		model.addAttribute("webhookLog", received != null);
		// Admins only, as GET /api/dev/webhook-log: deliveries name rules on every dashboard, restricted ones too.
		if (received != null && Role.of(user.getAuthorities()).anyMatch((role) -> role == Role.ADMIN)) {
			model.addAttribute("webhooks", received.latest(WEBHOOKS_SHOWN));
		}
		return "alerts/page";
	}

	@PostMapping("/alerts/{id}/silence")
	String silence(Authentication user, @PathVariable long id, @RequestParam(required = false) Integer minutes,
			RedirectAttributes redirect) {
		try {
			this.silences.silence(user, id, new SilenceRequest(minutes, null));
		}
		catch (ApiException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/alerts";
	}

	@PostMapping("/alerts/{id}/unsilence")
	String unsilence(Authentication user, @PathVariable long id) {
		this.silences.unsilence(user, id);
		return "redirect:/alerts";
	}

}
