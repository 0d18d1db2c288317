package dev.lookout.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures that never reached a controller (filters, security, the container itself) are
 * dispatched here by the servlet container; replaces Boot's whitelabel error page so that
 * they answer with the same contract as everything else. A filter may leave a precise
 * {@link Failure} in the request; otherwise the exception or the bare status is described.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ErrorPages implements ErrorController {

	@RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
	ModelAndView page(HttpServletRequest request, HttpServletResponse response) {
		return ProblemRendering.page(failureOf(request), request, response);
	}

	@RequestMapping
	ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
		return ProblemRendering.problem(failureOf(request), request);
	}

	private static Failure failureOf(HttpServletRequest request) {
		if (request.getAttribute(Failure.ATTRIBUTE) instanceof Failure failure) {
			return failure;
		}
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable exception) {
			return Failures.describe(exception);
		}
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return Failures.forStatus((status instanceof Integer code) ? code : 500);
	}

}
