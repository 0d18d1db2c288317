package dev.lookout.dashboards;

import java.net.URI;
import java.util.List;

import dev.lookout.dashboards.DashboardDocuments.Document;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
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
import org.springframework.web.context.request.WebRequest;
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

	private final DashboardDocuments documents;

	DashboardApi(DashboardService service, ReadOnlyMode readOnly, DashboardDocuments documents) {
		this.service = service;
		this.readOnly = readOnly;
		this.documents = documents;
	}

	// The bodies are bytes serialized ahead (DashboardDocuments): the description names what they hold.
	@GetMapping("/dashboards")
	@ApiResponse(responseCode = "200", description = "The dashboards the caller may see",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					array = @ArraySchema(schema = @Schema(implementation = DashboardSummary.class))))
	ResponseEntity<byte[]> list(WebRequest request) {
		Document list = this.documents.list();
		if (request.checkNotModified(list.etag())) {
			return null;
		}
		ResponseEntity.BodyBuilder answer = json(list).header(READ_ONLY_HEADER, String.valueOf(this.readOnly.active()));
		this.readOnly.definitionsAsOf().ifPresent((asOf) -> answer.header(AS_OF_HEADER, asOf.toString()));
		return answer.body(list.body());
	}

	@PostMapping("/dashboards")
	@ApiResponse(responseCode = "201", description = "Created; Location names it", useReturnTypeSchema = true)
	ResponseEntity<Dashboard> create(@RequestBody DashboardRequest request) {
		Dashboard dashboard = this.service.create(request);
		return ResponseEntity.created(location("/api/dashboards/{slug}", dashboard.slug())).body(dashboard);
	}

	@GetMapping("/dashboards/{slug}")
	@ApiResponse(responseCode = "200", description = "The dashboard",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = DashboardDocuments.DashboardRead.class)))
	ResponseEntity<byte[]> get(@PathVariable String slug, WebRequest request) {
		Document dashboard = this.documents.dashboard(slug).orElseThrow(() -> DashboardService.noDashboard(slug));
		if (request.checkNotModified(dashboard.etag())) {
			return null;
		}
		return json(dashboard).body(dashboard.body());
	}

	@PutMapping("/dashboards/{slug}")
	Dashboard update(@PathVariable String slug, @RequestBody DashboardRequest request) {
		return this.service.update(slug, request);
	}

	@DeleteMapping("/dashboards/{slug}")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable String slug, @RequestParam(required = false) Long version) {
		this.service.delete(slug, version);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/dashboards/{slug}/panels")
	@ApiResponse(responseCode = "201", description = "Created; Location names it", useReturnTypeSchema = true)
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
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> deletePanel(@PathVariable long id, @RequestParam(required = false) Long version) {
		this.service.deletePanel(id, version);
		return ResponseEntity.noContent().build();
	}

	/** Serialized once per change (see {@link DashboardDocuments}); clients revalidate with the ETag. */
	private static ResponseEntity.BodyBuilder json(Document document) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.eTag(document.etag())
			.cacheControl(CacheControl.noCache());
	}

	private static URI location(String path, Object variable) {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).buildAndExpand(variable).toUri();
	}

	/** The dashboard's panels in their new order, and the dashboard's version the client loaded. */
	record PanelOrder(Long version, List<Long> panelIds) {
	}

}
