package dev.lookout.notifications;

import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.stereotype.Component;

/**
 * Development mode only: the channel "Development log", pointing at this instance's built-in
 * receiver ({@link DevelopmentWebhookLog}). Ensured at start by this module, and by whoever
 * provisions a rule that notifies it (the demo), whichever runs first.
 */
@Component
@ConditionalOnProperty(name = "APP_ENV", havingValue = "development")
public class DevelopmentChannel {

	public static final String NAME = "Development log";

	/** The audit log's name for the changes made here. */
	private static final String ACTOR = "lookout-development";

	private static final Log logger = LogFactory.getLog(DevelopmentChannel.class);

	private final Channels channels;

	private final Environment environment;

	DevelopmentChannel(Channels channels, Environment environment) {
		this.channels = channels;
		this.environment = environment;
	}

	/**
	 * The channel's id, created when absent and pointed at this instance's port when it points
	 * elsewhere (the port may change between starts); synchronized, so two callers create it once.
	 */
	public synchronized long ensure() {
		String url = "http://127.0.0.1:" + this.environment.getProperty("local.server.port", "8080")
				+ DevelopmentWebhookLog.PATH;
		SecurityContext caller = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated(ACTOR, null, List.of())));
		try {
			Optional<Channel> existing = this.channels.findByName(NAME);
			if (existing.isEmpty()) {
				long id = this.channels.create(new ChannelRequest(NAME, ChannelType.WEBHOOK, url, null, 2000, null, true,
						null)).channel().id();
				logger.info("Alert channel '" + NAME + "' created: deliveries are listed at GET /api/dev/webhook-log");
				return id;
			}
			Channel channel = existing.get();
			if (!url.equals(channel.url())) {
				this.channels.update(channel.id(), new ChannelRequest(NAME, ChannelType.WEBHOOK, url, null,
						channel.timeoutMs(), null, channel.enabled(), channel.version()));
			}
			return channel.id();
		}
		finally {
			// The caller's user, if any, is who it records its own changes under.
			SecurityContextHolder.setContext(caller);
		}
	}

}
