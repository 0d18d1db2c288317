package dev.lookout.alerts;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Which alert rules name a notification channel: the notifications module asks before it deletes
 * one, so that no rule goes on believing it notifies somebody (rules name channels by id, in a
 * column of their own module, with no foreign key to hold them).
 */
@Component
public class RulesNamingChannels {

	private final AlertRules rules;

	RulesNamingChannels(AlertRules rules) {
		this.rules = rules;
	}

	/** The names of the rules that name {@code channelId}, in name order. */
	public List<String> rulesNaming(long channelId) {
		return this.rules.all()
			.stream()
			.filter((rule) -> rule.channelIds().contains(channelId))
			.map(AlertRule::name)
			.toList();
	}

}
