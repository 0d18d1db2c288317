package dev.lookout.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Requests that hold their thread for microseconds and never wait on a database, a directory or
 * Redis: admission control lets them through without a permit, as it never sheds work that
 * cannot keep a thread. A package that serves such requests declares them as a bean.
 */
@FunctionalInterface
public interface CheapRequests {

	boolean matches(HttpServletRequest request);

}
