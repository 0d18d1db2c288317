package dev.lookout.notifications;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import dev.lookout.security.secrets.SecretCipher;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page {@code /alerts/channels}, for admins: the channels with this instance's delivery status
 * (from {@link NotificationsHealth}) and their waiting notifications, and plain forms with the CSRF
 * field, answered Post/Redirect/Get, to create, change, enable or disable, test and delete them and
 * to replace a webhook's secret. {@link Channels} and {@link ChannelRules} decide, as for the API;
 * {@link InvalidChannel} keeps each problem by field for the form to show next to its input. A
 * secret set by a change is shown once, on the page the change redirects to.
 */
@Controller
@RequestMapping("/alerts/channels")
class ChannelPages {

	private static final String LIST = "notifications/page";

	private static final String FORM = "notifications/form";

	private static final String REDIRECT_TO_LIST = "redirect:/alerts/channels";

	private final Channels channels;

	private final NotificationTests tests;

	private final Outbox outbox;

	private final DeliveryWorker worker;

	private final NotificationsHealth health;

	private final SecretCipher cipher;

	private final boolean mailConfigured;

	ChannelPages(Channels channels, NotificationTests tests, Outbox outbox, DeliveryWorker worker,
			NotificationsHealth health, SecretCipher cipher, Environment environment) {
		this.channels = channels;
		this.tests = tests;
		this.outbox = outbox;
		this.worker = worker;
		this.health = health;
		this.cipher = cipher;
		this.mailConfigured = NotificationsConfiguration.mailConfigured(environment);
	}

	@GetMapping
	String list(Model model, HttpServletResponse response) {
		Map<Long, Map<String, Object>> statuses = new HashMap<>();
		this.worker.statuses().forEach((id, status) -> statuses.put(id, this.health.details(id, status)));
		model.addAttribute("channels", this.channels.list());
		model.addAttribute("statuses", statuses);
		model.addAttribute("pending", this.outbox.pendingByChannel());
		model.addAttribute("mailConfigured", this.mailConfigured);
		if (model.getAttribute("sealedSecret") instanceof String sealed
				&& model.getAttribute("secretOf") instanceof Long id) {
			// The one answer that carries the secret: nothing may keep it.
			response.setHeader("Cache-Control", "no-store");
			model.addAttribute("secret", this.cipher.open(sealed, flashContext(id)));
		}
		return LIST;
	}

	@GetMapping("/new")
	ModelAndView newChannel(@RequestParam(defaultValue = "WEBHOOK") ChannelType type) {
		return form(null, ChannelForm.newChannel(type), Map.of(), null, HttpStatus.OK);
	}

	@PostMapping
	ModelAndView create(ChannelForm form, RedirectAttributes redirect, HttpServletResponse response) {
		return save(null, form, redirect, response, this.channels::create);
	}

	@GetMapping("/{id}/edit")
	ModelAndView edit(@PathVariable long id) {
		Channel channel = this.channels.get(id);
		return form(channel, ChannelForm.of(channel), Map.of(), null, HttpStatus.OK);
	}

	/** Changes all but the secret, which the form below it replaces. */
	@PostMapping("/{id}/edit")
	ModelAndView update(@PathVariable long id, ChannelForm form, RedirectAttributes redirect,
			HttpServletResponse response) {
		Channel channel = this.channels.get(id);
		return save(channel, form, redirect, response, (request) -> this.channels.update(id, request));
	}

	/** A blank secret has one generated. */
	@PostMapping("/{id}/secret")
	ModelAndView replaceSecret(@PathVariable long id, @RequestParam long version,
			@RequestParam(required = false) String secret, RedirectAttributes redirect) {
		Channel channel = this.channels.get(id);
		try {
			Channels.Created replaced = this.channels.replaceSecret(id, version,
					StringUtils.hasLength(secret) ? secret : null);
			redirect.addFlashAttribute("notice", "The secret of '" + channel.name() + "' was replaced.");
			showOnce(replaced, redirect);
			return new ModelAndView(REDIRECT_TO_LIST);
		}
		catch (InvalidChannel ex) {
			return form(channel, ChannelForm.of(channel), ex.fields(), null, HttpStatus.BAD_REQUEST);
		}
		catch (EditConflict ex) {
			Channel current = this.channels.get(id);
			return form(current, ChannelForm.of(current), Map.of(),
					ex.getMessage() + " The form now shows the current values.", HttpStatus.CONFLICT);
		}
	}

	@PostMapping("/{id}/enabled")
	String enable(@PathVariable long id, @RequestParam boolean enabled, @RequestParam long version,
			RedirectAttributes redirect) {
		Channel channel = this.channels.get(id);
		try {
			this.channels.update(id, ChannelRequest.of(channel, null, enabled, version));
			redirect.addFlashAttribute("notice", "Channel '" + channel.name() + "' "
					+ (enabled ? "enabled." : "disabled: its notifications wait in the outbox until it is enabled."));
		}
		catch (InvalidChannel | EditConflict ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return REDIRECT_TO_LIST;
	}

	@PostMapping("/{id}/test")
	String test(@PathVariable long id, RedirectAttributes redirect) {
		Channel channel = this.channels.get(id);
		try {
			redirect.addFlashAttribute("testKey", this.tests.send(id));
			redirect.addFlashAttribute("notice", "A test notification to '" + channel.name()
					+ "' is queued in the outbox; the delivery worker sends it within a second or so.");
		}
		catch (ApiException ex) {
			// A disabled channel: said on the page. Anything else is the error page's.
			if (ex.code() != ErrorCode.CONFLICT) {
				throw ex;
			}
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return REDIRECT_TO_LIST;
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable long id, @RequestParam long version, RedirectAttributes redirect) {
		Channel channel = this.channels.get(id);
		try {
			this.channels.delete(id, version);
			redirect.addFlashAttribute("notice", "Channel '" + channel.name() + "' deleted.");
		}
		catch (ApiException ex) {
			// A stale version, or rules still naming the channel: said on the page. Anything else is the error page's.
			if (ex.code() != ErrorCode.EDIT_CONFLICT && ex.code() != ErrorCode.CONFLICT) {
				throw ex;
			}
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return REDIRECT_TO_LIST;
	}

	/**
	 * Saves the form through {@code change}; a refusal shows it again as typed (the secret aside),
	 * each problem next to its input.
	 * @param channel the channel changed, null for a new one
	 */
	private ModelAndView save(Channel channel, ChannelForm form, RedirectAttributes redirect,
			HttpServletResponse response, Function<ChannelRequest, Channels.Created> change) {
		Map<String, String> notNumbers = form.notNumbers();
		if (!notNumbers.isEmpty()) {
			return form(channel, form, notNumbers, null, HttpStatus.BAD_REQUEST);
		}
		try {
			Channels.Created saved = change.apply(form.request());
			redirect.addFlashAttribute("notice",
					"Channel '" + saved.channel().name() + "' " + ((channel == null) ? "created." : "saved."));
			showOnce(saved, redirect);
			return new ModelAndView(REDIRECT_TO_LIST);
		}
		catch (InvalidChannel ex) {
			return form(channel, form, form.byInput(ex.fields()), null, HttpStatus.BAD_REQUEST);
		}
		catch (EditConflict ex) {
			// The form keeps the stale version: saving it again is refused again until the user reloads.
			return form(channel, form, Map.of(), ex.getMessage(), HttpStatus.CONFLICT);
		}
		catch (RuntimeException ex) {
			// What the user typed comes back in the form, to be saved again once the database answers.
			ApiException unsaved = ApiException.unsaved(ex).orElseThrow(() -> ex);
			ModelAndView page = form(channel, form, Map.of(), null, HttpStatus.SERVICE_UNAVAILABLE);
			page.addObject("unsaved", unsaved.getMessage());
			unsaved.answerOn(response);
			return page;
		}
	}

	/**
	 * Hands the secret a change set to the page it redirects to, sealed: the flash waits in the
	 * session, in Redis when {@code REDIS_URL} is set, and the secret is kept nowhere in the clear.
	 */
	private void showOnce(Channels.Created change, RedirectAttributes redirect) {
		if (change.secret() != null) {
			long id = change.channel().id();
			redirect.addFlashAttribute("secretOf", id);
			redirect.addFlashAttribute("sealedSecret", this.cipher.seal(change.secret(), flashContext(id)));
		}
	}

	/** Not {@link ChannelSecrets#context}: a sealed flash must never open as a stored secret, nor the reverse. */
	private static String flashContext(long id) {
		return "alert-channel-page:" + id + ":new-secret";
	}

	/** @param channel the channel changed, null for a new one */
	private ModelAndView form(Channel channel, ChannelForm typed, Map<String, String> errors, String conflict,
			HttpStatus status) {
		ModelAndView page = new ModelAndView(FORM, status);
		page.addObject("channel", channel);
		page.addObject("form", typed);
		page.addObject("webhook", typed.webhook());
		page.addObject("errors", errors);
		page.addObject("conflict", conflict);
		page.addObject("mailConfigured", this.mailConfigured);
		page.addObject("maxName", ChannelRequest.MAX_NAME);
		page.addObject("minSecret", ChannelRequest.MIN_SECRET);
		page.addObject("maxSecret", ChannelRequest.MAX_SECRET);
		page.addObject("minTimeoutMs", ChannelRequest.MIN_TIMEOUT_MS);
		page.addObject("maxTimeoutMs", ChannelRequest.MAX_TIMEOUT_MS);
		page.addObject("maxRecipients", ChannelRequest.MAX_RECIPIENTS);
		return page;
	}

}
