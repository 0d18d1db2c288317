package dev.lookout.notifications;

import dev.lookout.resilience.InfrastructureFailure;

/** A delivery that may succeed later (refused, timed out, 5xx, 408, 429): retried, and counted by the channel's breaker. */
class ChannelFailed extends Exception implements InfrastructureFailure {

	ChannelFailed(String message, Throwable cause) {
		super(message, cause);
	}

}
