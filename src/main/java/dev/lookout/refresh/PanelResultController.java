package dev.lookout.refresh;

import java.io.IOException;

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

	@GetMapping(ResultReads.PATH_PATTERN)
	void result(@PathVariable long id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.reads.answer(id, request, response);
	}

}
