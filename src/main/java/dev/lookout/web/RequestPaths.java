package dev.lookout.web;

import jakarta.servlet.http.HttpServletRequest;

/** What a request is, by its normalized path. */
public final class RequestPaths {

	private static final String HEALTH_PATH = "/health";

	private RequestPaths() {
	}

	/**
	 * Whether it is {@code /health} or one of its groups. The container's normalized path, not the
	 * raw URI, so that {@code /health/../api/...} cannot pass for a probe.
	 */
	public static boolean isHealthProbe(HttpServletRequest request) {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return path.equals(HEALTH_PATH) || path.startsWith(HEALTH_PATH + "/");
	}

}
