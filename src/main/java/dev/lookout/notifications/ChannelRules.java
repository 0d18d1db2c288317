package dev.lookout.notifications;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

import dev.lookout.web.FieldProblems;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Validator;

/**
 * Decides whether a channel may be saved: its fields (Bean Validation on {@link ChannelRequest}) and
 * the rules of its type (a webhook's URL; an e-mail channel's recipients, and an SMTP server to send with).
 */
class ChannelRules {

	private final Validator validator;

	private final boolean mailConfigured;

	ChannelRules(Validator validator, boolean mailConfigured) {
		this.validator = validator;
		this.mailConfigured = mailConfigured;
	}

	/**
	 * @param update whether the request edits a stored channel, and so must name its version
	 * @throws InvalidChannel naming every field that is wrong
	 */
	void validate(ChannelRequest request, boolean update) {
		FieldProblems problems = FieldProblems.of(this.validator, request);
		if (update && request.version() == null) {
			problems.add("version", "is required: the version that was read");
		}
		if (request.type() == ChannelType.WEBHOOK) {
			if (request.url() == null || request.url().isBlank()) {
				problems.add("url", "is required for a webhook");
			}
			else {
				urlProblem(request.url().strip()).ifPresent((problem) -> problems.add("url", problem));
			}
			if (request.recipients() != null && !request.recipients().isEmpty()) {
				problems.add("recipients", "only an e-mail channel has recipients");
			}
		}
		else if (request.type() == ChannelType.EMAIL) {
			if (!this.mailConfigured) {
				problems.add("type", "e-mail needs an SMTP server: set MAIL_HOST (and MAIL_PORT, MAIL_FROM) first");
			}
			List<String> recipients = request.recipientsOrEmpty();
			if (recipients.isEmpty()) {
				problems.add("recipients", "needs 1 to " + ChannelRequest.MAX_RECIPIENTS + " addresses");
			}
			for (int i = 0; i < recipients.size(); i++) {
				if (!isAddress(recipients.get(i))) {
					problems.add("recipients[" + i + "]", "is not an e-mail address");
				}
			}
			if (request.url() != null && !request.url().isBlank()) {
				problems.add("url", "only a webhook has a URL");
			}
			if (request.secret() != null) {
				problems.add("secret", "only a webhook has a secret");
			}
		}
		InvalidChannel.throwIfAny(problems);
	}

	/** http or https with a host; loopback is allowed (a receiver next to Lookout). */
	static Optional<String> urlProblem(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.of("is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase() : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return Optional.of("must be an http or https URL");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			return Optional.of("must name a host");
		}
		if (uri.getUserInfo() != null) {
			return Optional.of("must not carry a user name or password: the signature authenticates Lookout");
		}
		return Optional.empty();
	}

	private static boolean isAddress(String address) {
		try {
			new InternetAddress(address, true).validate();
			return address.contains("@");
		}
		catch (AddressException ex) {
			return false;
		}
	}

}
