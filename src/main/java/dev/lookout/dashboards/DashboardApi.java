package dev.lookout.dashboards;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The JSON API for dashboards and panels. Updates carry the {@code version} the client
 * loaded (in the body; as a parameter for deletes), and a stale one is refused with
 * {@code EDIT_CONFLICT}. Reads come from the read model: a dashboard carries {@code readOnly}
 * and {@code definitionsAsOf}, and the list, an array, carries them in the headers
 * {@value #READ_ONLY_HEADER} and {@value #AS_OF_HEADER} (an array has no place for them, and
 * clients read it as one).
 */
@RestController
@RequestMapping("/api")
class DashboardApi {

	static final String READ_ONLY_HEADER = "Lookout-Read-Only";

	static final String AS_OF_HEADER = "Lookout-Definitions-As-Of";

	private final DashboardService service;

	private final ReadOnlyMode readOnly;

	DashboardApi(DashboardService service, ReadOnlyMode readOnly) {
		this.service = service;
		this.readOnly = readOnly;
	}

	@GetMapping("/dashboards")
	ResponseEntity<List<DashboardSummary>> list() {
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
			.header(READ_ONLY_HEADER, String.valueOf(this.readOnly.active()));
		this.readOnly.definitionsAsOf().ifPresent((asOf) -> answer.header(AS_OF_HEADER, asOf.toString()));
		return answer.body(this.service.list());
	}

	@PostMapping("/dashboards")
	ResponseEntity<Dashboard> create(@RequestBody DashboardRequest request) {
		Dashboard dashboard = this.service.create(request);
		return ResponseEntity.created(location("/api/dashboards/{slug}", dashboard.slug())).body(dashboard);
	}

	@GetMapping("/dashboards/{slug}")
	DashboardRead get(@PathVariable String slug) {
		return new DashboardRead(this.service.get(slug), this.readOnly.active(),
				this.readOnly.definitionsAsOf().orElse(null));
	}

	@PutMapping("/dashboards/{slug}")
	Dashboard update(@PathVariable String slug, @RequestBody DashboardRequest request) {
		return this.service.update(slug, request);
	}

	@DeleteMapping("/dashboards/{slug}")
	ResponseEntity<Void> delete(@PathVariable String slug, @RequestParam(required = false) Long version) {
		this.service.delete(slug, version);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/dashboards/{slug}/panels")
	ResponseEntity<Panel> addPanel(@PathVariable String slug, @RequestBody PanelRequest request) {
		Panel panel = this.service.addPanel(slug, request);
		return ResponseEntity.created(location("/api/panels/{id}", panel.id())).body(panel);
	}

	@PutMapping("/dashboards/{slug}/panel-order")
	Dashboard reorder(@PathVariable String slug, @RequestBody PanelOrder order) {
		return this.service.reorder(slug, order.panelIds(), order.version());
	}

	@PutMapping("/panels/{id}")
	Panel updatePanel(@PathVariable long id, @RequestBody PanelRequest request) {
		return this.service.updatePanel(id, request);
	}

	@DeleteMapping("/panels/{id}")
	ResponseEntity<Void> deletePanel(@PathVariable long id, @RequestParam(required = false) Long version) {
		this.service.deletePanel(id, version);
		return ResponseEntity.noContent().build();
	}

	private static URI location(String path, Object variable) {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).buildAndExpand(variable).toUri();
	}

	/** A dashboard as read: its fields, and whether changes can be saved now, and how current it is. */
	record DashboardRead(@JsonUnwrapped Dashboard dashboard, boolean readOnly, Instant definitionsAsOf) {
	}

	/** The dashboard's panels in their new order, and the dashboard's version the client loaded. */
	record PanelOrder(Long version, List<Long> panelIds) {
	}

}
