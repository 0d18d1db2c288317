package dev.lookout.refresh;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET} and {@code HEAD /api/panels/{id}/result} for signed-in viewers, after the
 * application's filter chain has checked their role. When anyone may read dashboards,
 * {@link AnonymousResultReads} answers these requests before they get here.
 */
@RestController
class PanelResultController {

	private final ResultReads reads;

	PanelResultController(ResultReads reads) {
		this.reads = reads;
	}

	// Written straight to the response (ResultReads): the description names what the bytes hold.
	@GetMapping(ResultReads.PATH_PATTERN)
	@Operation(description = "The panel's last stored result (also HEAD), of its default view or, with"
			+ " ?name=value parameters, of the view of those variable values. Revalidate with If-None-Match.")
	@ApiResponse(responseCode = "200", description = "The result, with its ETag",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = ResultDocuments.Document.class)))
	@ApiResponse(responseCode = "304", description = "Not modified: the client's copy is current")
	void result(@PathVariable long id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.reads.answer(id, request, response);
	}

}
