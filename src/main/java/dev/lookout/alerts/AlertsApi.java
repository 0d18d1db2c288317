package dev.lookout.alerts;

import java.net.URI;
import java.util.List;

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
 * {@code /api/alerts}: the rules with where they stand (viewers; {@code ?dashboard=slug} for one
 * dashboard's, as a panel's bell reads them), one rule with its last 50 transitions, and for
 * editors create, change (with the version read: 409 {@code EDIT_CONFLICT} when stale), delete,
 * silence and unsilence. Only rules on dashboards the user may see exist for them. A session
 * needs the CSRF token for the changes, an API token does not.
 */
@RestController
@RequestMapping("/api/alerts")
class AlertsApi {

	private final AlertReads reads;

	private final AlertService service;

	private final AlertSilences silences;

	AlertsApi(AlertReads reads, AlertService service, AlertSilences silences) {
		this.reads = reads;
		this.service = service;
		this.silences = silences;
	}

	@GetMapping
	List<AlertRuleView> list(@RequestParam(required = false) String dashboard) {
		return this.reads.list(dashboard);
	}

	@GetMapping("/{id}")
	AlertRuleView get(@PathVariable long id) {
		return this.reads.get(id);
	}

	@PostMapping
	ResponseEntity<AlertRuleView> create(Authentication user, @RequestBody AlertRuleRequest request) {
		AlertRuleView created = this.service.create(user, request);
		return ResponseEntity.created(URI.create("/api/alerts/" + created.id())).body(created);
	}

	@PutMapping("/{id}")
	AlertRuleView update(Authentication user, @PathVariable long id, @RequestBody AlertRuleRequest request) {
		return this.service.update(user, id, request);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(Authentication user, @PathVariable long id, @RequestParam long version) {
		this.service.delete(user, id, version);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/silence")
	AlertRuleView silence(Authentication user, @PathVariable long id, @RequestBody SilenceRequest request) {
		return this.silences.silence(user, id, request);
	}

	@DeleteMapping("/{id}/silence")
	AlertRuleView unsilence(Authentication user, @PathVariable long id) {
		return this.silences.unsilence(user, id);
	}

}
