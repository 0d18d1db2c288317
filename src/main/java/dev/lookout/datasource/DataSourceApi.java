package dev.lookout.datasource;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The data sources as JSON. A body never carries the password back, only {@code passwordSet}.
 * On {@code PUT}, {@code version} is required; an absent or {@code null} password keeps the
 * stored one and an empty one removes it. {@code refusal} says why a stored source is not
 * opened; a create or an edit also answers with {@code check}, what connecting found.
 */
@RestController
@RequestMapping("/api/datasources")
class DataSourceApi {

	private final DataSources dataSources;

	private final DataSourcePools pools;

	DataSourceApi(DataSources dataSources, DataSourcePools pools) {
		this.dataSources = dataSources;
		this.pools = pools;
	}

	@GetMapping
	List<DataSourceView> all() {
		return this.dataSources.all().stream().map((source) -> view(source, null)).toList();
	}

	@PostMapping
	@ApiResponse(responseCode = "201", description = "Created; Location names it", useReturnTypeSchema = true)
	ResponseEntity<DataSourceView> create(@RequestBody DataSourceInput input) {
		DataSources.Saved created = this.dataSources.create(input);
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(created.source().id())
			.toUri();
		return ResponseEntity.created(location).body(view(created.source(), created.check()));
	}

	@GetMapping("/{id}")
	DataSourceView one(@PathVariable long id) {
		return view(this.dataSources.get(id), null);
	}

	@PutMapping("/{id}")
	DataSourceView update(@PathVariable long id, @RequestBody DataSourceInput input) {
		DataSources.Saved updated = this.dataSources.update(id, input);
		return view(updated.source(), updated.check());
	}

	@DeleteMapping("/{id}")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable long id) {
		this.dataSources.delete(id);
		return ResponseEntity.noContent().build();
	}

	/** Answers 200 whether or not the connection works: the check ran; {@code ok} says how it went. */
	@PostMapping("/{id}/test")
	ConnectionCheck test(@PathVariable long id) {
		return this.pools.check(id);
	}

	private DataSourceView view(DataSourceDefinition source, ConnectionCheck check) {
		return new DataSourceView(source.id(), source.name(), source.kind().value(), source.jdbcUrl(),
				source.username(), source.passwordSet(), source.poolSize(), source.queryTimeout().toMillis(),
				source.rowLimit(), source.version(), source.createdAt(), source.updatedAt(),
				this.dataSources.refusal(source).orElse(null), check);
	}

	/** @param check what connecting found, on a create or an edit only */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record DataSourceView(long id, String name, String kind, String jdbcUrl, String username, boolean passwordSet,
			int poolSize, long queryTimeoutMs, int rowLimit, long version, Instant createdAt, Instant updatedAt,
			String refusal, ConnectionCheck check) {

	}

}
