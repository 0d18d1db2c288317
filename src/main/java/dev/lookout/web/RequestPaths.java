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
		return isHealthProbe(path(request));
	}

	/** The same, for a path already normalized (no {@code ..} segments, no {@code ;params}). */
	public static boolean isHealthProbe(String normalizedPath) {
		return normalizedPath.equals(HEALTH_PATH) || normalizedPath.startsWith(HEALTH_PATH + "/");
	}

	/**
	 * The request's path within the application as the container normalized it (servlet path
	 * and path info): no {@code ..} segments, no {@code ;params}.
	 */
	public static String path(HttpServletRequest request) {
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? request.getServletPath() + pathInfo : request.getServletPath();
	}

}
