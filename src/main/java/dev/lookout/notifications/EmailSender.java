package dev.lookout.notifications;

import java.util.Map;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends a notification as a plain-text e-mail through Spring's mail support: the subject names the
 * rule and the states, the body the rest and the idempotency key (also in a header-like line, for
 * filters). Without {@code MAIL_HOST} there is no sender: an attempt fails and is retried.
 */
class EmailSender {

	private final JavaMailSender mail;

	private final String from;

	EmailSender(JavaMailSender mail, String from) {
		this.mail = mail;
		this.from = from;
	}

	Delivery send(Channel channel, String key, String payload) throws ChannelFailed {
		if (this.mail == null) {
			throw new ChannelFailed("e-mail is not configured: set MAIL_HOST", null);
		}
		SimpleMailMessage message = message(channel, key, payload, this.from);
		try {
			this.mail.send(message);
			return Delivery.DONE;
		}
		catch (MailParseException ex) {
			return Delivery.refused("the message cannot be sent: " + ex.getMessage());
		}
		catch (MailAuthenticationException ex) {
			throw new ChannelFailed("the SMTP server refused the credentials (MAIL_USERNAME, MAIL_PASSWORD)", ex);
		}
		catch (MailException ex) {
			throw new ChannelFailed("the SMTP server cannot take it: " + ex.getMessage(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	static SimpleMailMessage message(Channel channel, String key, String payload, String from) {
		Map<String, Object> document = NotificationPayload.read(payload);
		Map<String, Object> rule = (Map<String, Object>) document.get("rule");
		Map<String, Object> panel = (Map<String, Object>) document.get("panel");
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(from);
		message.setTo(channel.recipients().toArray(String[]::new));
		message.setSubject("[Lookout] " + rule.get("name") + ": " + document.get("from") + " -> " + document.get("to"));
		message.setText("Alert rule '" + rule.get("name") + "' changed from " + document.get("from") + " to "
				+ document.get("to") + ".\n\n" + "Value: " + document.get("value") + "\n" + "At: " + document.get("at")
				+ "\n" + "Dashboard: " + panel.get("dashboard") + ", panel " + panel.get("id") + "\n" + "View: "
				+ document.get("view") + "\n\n" + "Idempotency key: " + key + "\n");
		return message;
	}

}
