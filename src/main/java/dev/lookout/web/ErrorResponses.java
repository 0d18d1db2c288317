package dev.lookout.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Failures raised while a controller handles a request: a page for browsers, problem details otherwise. */
@ControllerAdvice
class ErrorResponses {

	@ExceptionHandler(produces = MediaType.TEXT_HTML_VALUE)
	ModelAndView page(Exception exception, HttpServletRequest request, HttpServletResponse response) {
		return ProblemRendering.page(Failures.describe(exception), request, response);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> problem(Exception exception, HttpServletRequest request) {
		return ProblemRendering.problem(Failures.describe(exception), request);
	}

}
