package dev.lookout.lifecycle;

import java.io.IOException;
import java.time.Duration;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import dev.lookout.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 {@code RELOADING} while a reload runs, and counts the requests in progress for it.
 * <p>
 * While a reload has the pools and clients closed, answers every request but a health probe at
 * once with 503 {@code RELOADING}, instead of letting it fail on a closed pool; and counts the
 * requests in progress, so that a reload lets them finish before it closes anything.
 */
final class ReloadingFilter extends OncePerRequestFilter {

	/** A reload takes about a second; a client that waits this long finds the instance ready. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private final ReloadCoordinator reloads;

	ReloadingFilter(ReloadCoordinator reloads) {
		this.reloads = reloads;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (RequestPaths.isHealthProbe(request)) {
			chain.doFilter(request, response);
			return;
		}
		this.reloads.entered();
		try {
			// Checked once counted: a reload that begins after this waits for the request to end.
			if (this.reloads.state() == InstanceState.RELOADING) {
				request.setAttribute(Failure.ATTRIBUTE, Failure.of(ErrorCode.RELOADING,
						"Lookout is reloading its pools and clients; retry in a moment.")
					.withRetryAfter(RETRY_AFTER));
				response.sendError(ErrorCode.RELOADING.status().value());
				return;
			}
			chain.doFilter(request, response);
		}
		finally {
			this.reloads.left();
		}
	}

}
