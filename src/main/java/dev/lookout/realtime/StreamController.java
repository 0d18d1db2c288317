package dev.lookout.realtime;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.lookout.variables.Variables;
import dev.lookout.web.RequestParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stream?dashboard={slug}&region=EU&from=now-6h}: the results of the dashboard's
 * panels for the values chosen (their defaults for those not given) as server-sent events.
 * Authorized like the dashboard page (see the security rules). The request thread returns at
 * once; the stream lives on asynchronously.
 */
@RestController
class StreamController {

	static final String PATH = "/api/stream";

	private final RealtimeSync sync;

	StreamController(RealtimeSync sync) {
		this.sync = sync;
	}

	@GetMapping(PATH)
	@Operation(description = "The dashboard's panel results as server-sent events, for the variable values given"
			+ " as further ?name=value parameters (their defaults otherwise). Resumes after Last-Event-ID.")
	@ApiResponse(responseCode = "200", description = "An event stream that stays open",
			content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
	void stream(@RequestParam String dashboard,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.sync.open(dashboard, RequestParameters.values(request.getParameterMap(), Variables.STREAM_PARAMETER),
				lastEventId, request, response);
	}

}
