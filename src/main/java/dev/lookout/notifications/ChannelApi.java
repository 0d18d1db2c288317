package dev.lookout.notifications;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.lookout.security.Role;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/alert-channels}: editors list the channels (never a secret, and a webhook's URL only to
 * its host: {@link Channel#withUrlRedacted()}); admins create, change,
 * delete and test them, since a channel carries a secret. A webhook's secret is answered once, by
 * the request that set it.
 */
@RestController
@RequestMapping("/api/alert-channels")
class ChannelApi {

	private final Channels channels;

	private final NotificationTests tests;

	ChannelApi(Channels channels, NotificationTests tests) {
		this.channels = channels;
		this.tests = tests;
	}

	@GetMapping
	List<Channel> list(Authentication user) {
		return this.channels.list().stream().map((channel) -> shownTo(user, channel)).toList();
	}

	@GetMapping("/{id}")
	Channel get(Authentication user, @PathVariable long id) {
		return shownTo(user, this.channels.get(id));
	}

	/** Whole to admins, who change channels; to editors, who pick them for rules, without what may be a credential. */
	private static Channel shownTo(Authentication user, Channel channel) {
		return Role.of(user.getAuthorities()).anyMatch((role) -> role == Role.ADMIN) ? channel
				: channel.withUrlRedacted();
	}

	@PostMapping
	ResponseEntity<SavedChannel> create(@RequestBody ChannelRequest request) {
		Channels.Created created = this.channels.create(request);
		return ResponseEntity.created(URI.create("/api/alert-channels/" + created.channel().id()))
			.header("Cache-Control", "no-store")
			.body(new SavedChannel(created.channel(), created.secret()));
	}

	@PutMapping("/{id}")
	ResponseEntity<SavedChannel> update(@PathVariable long id, @RequestBody ChannelRequest request) {
		Channels.Created updated = this.channels.update(id, request);
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(new SavedChannel(updated.channel(), updated.secret()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id, @RequestParam long version) {
		this.channels.delete(id, version);
		return ResponseEntity.noContent().build();
	}

	/** Queues a test notification through the outbox; 202 with its idempotency key. */
	@PostMapping("/{id}/test")
	ResponseEntity<Map<String, String>> test(@PathVariable long id) {
		return ResponseEntity.accepted().body(Map.of("idempotencyKey", this.tests.send(id)));
	}

	/**
	 * @param secret the webhook's secret when this request set it: shown this once; else absent
	 */
	record SavedChannel(Channel channel, String secret) {

	}

}
