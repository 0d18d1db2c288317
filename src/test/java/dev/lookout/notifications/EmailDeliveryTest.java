package dev.lookout.notifications;

import java.time.Duration;
import java.util.List;

import dev.lookout.alerts.AlertTransitioned;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An e-mail channel delivers through a real SMTP server the test starts (GreenMail). */
class EmailDeliveryTest extends NotificationsIntegration {

	@Test
	void theSmtpServerReceivesTheMailWithTheRuleAndTheStates() throws Exception {
		Channel channel = this.channels.create(new ChannelRequest("Mail " + System.nanoTime(), ChannelType.EMAIL, null,
				null, 5000, List.of("oncall@test.example", "ops@test.example"), true, null)).channel();
		int before = smtp.getReceivedMessages().length;
		AlertTransitioned transition = publish("Disk almost full", channel.id(), false);
		await("the mail is delivered", Duration.ofSeconds(15),
				() -> "DELIVERED".equals(status(channel.id(), transition.idempotencyKey())));
		assertThat(smtp.waitForIncomingEmail(5000, before + 2)).isTrue();
		MimeMessage[] received = smtp.getReceivedMessages();
		MimeMessage mail = received[received.length - 1];
		assertThat(mail.getSubject()).contains("Disk almost full").contains("OK").contains("FIRING");
		String body = String.valueOf(mail.getContent());
		assertThat(body).contains("Disk almost full").contains("OK").contains("FIRING")
			.contains(transition.idempotencyKey());
		assertThat(mail.getFrom()[0].toString()).isEqualTo("lookout@test.example");
	}

}
