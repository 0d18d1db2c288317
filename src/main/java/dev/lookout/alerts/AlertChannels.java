package dev.lookout.alerts;

import java.util.List;

/**
 * The notification channels a rule may name, as the rule form offers them. The notifications
 * module implements it: it depends on this one (it reads {@link AlertTransitioned}), so this one
 * cannot call it.
 */
public interface AlertChannels {

	/** Every channel, in the order the channels API lists them. */
	List<Choice> choices();

	/** @param enabled false: its notifications wait until it is enabled again */
	record Choice(long id, String name, boolean enabled) {

	}

}
