package dev.lookout.notifications;

/** How a channel delivers. */
public enum ChannelType {

	/** An HTTP POST of the JSON payload, signed with the channel's secret. */
	WEBHOOK,

	/** An e-mail through the SMTP server of {@code MAIL_HOST}. */
	EMAIL

}
