package dev.lookout.dashboards;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Dashboards as code over HTTP: {@code GET /api/dashboards/{slug}/export} answers the dashboard
 * file (YAML, an attachment), to whoever may see the dashboard; {@code POST /api/dashboards/import}
 * applies one (editors; the body YAML, {@code ?file=} names it in errors): 201 created, 200
 * updated or unchanged, each with {@code outcome}, {@code slug} and {@code version}.
 */
@RestController
@RequestMapping("/api/dashboards")
class DashboardFilesApi {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private final DashboardService service;

	private final DashboardExport export;

	private final DashboardFileReader reader;

	private final DashboardImport imports;

	DashboardFilesApi(DashboardService service, DashboardExport export, DashboardFileReader reader,
			DashboardImport imports) {
		this.service = service;
		this.export = export;
		this.reader = reader;
		this.imports = imports;
	}

	@GetMapping("/{slug}/export")
	ResponseEntity<byte[]> export(@PathVariable String slug) {
		Dashboard dashboard = this.service.get(slug);
		return ResponseEntity.ok()
			.contentType(new MediaType(YAML, StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(dashboard.slug() + ".yaml").build().toString())
			.body(this.export.yaml(dashboard).getBytes(StandardCharsets.UTF_8));
	}

	@PostMapping(path = "/import", consumes = { "application/yaml", "text/yaml", "application/x-yaml" })
	ResponseEntity<Map<String, Object>> importFile(@RequestBody String body,
			@RequestParam(name = "file", defaultValue = "the imported file") String file) {
		DashboardImport.Imported imported = this.imports.apply(this.reader.read(file, body), null);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("outcome", imported.outcome().json());
		answer.put("slug", imported.dashboard().slug());
		answer.put("version", imported.dashboard().version());
		if (imported.outcome() == DashboardImport.Outcome.CREATED) {
			return ResponseEntity.status(HttpStatus.CREATED)
				.location(ServletUriComponentsBuilder.fromCurrentContextPath()
					.path("/api/dashboards/{slug}")
					.buildAndExpand(imported.dashboard().slug())
					.toUri())
				.body(answer);
		}
		return ResponseEntity.ok(answer);
	}

}
