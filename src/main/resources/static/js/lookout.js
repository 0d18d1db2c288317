// Shared page script. lookout.api() is the one way pages call the JSON API: it sends the
// session's CSRF token on every unsafe method and turns problem details into errors.
(function () {
  "use strict";
  const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

  function meta(name) {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : null;
  }

  /** An API failure: status, the stable code, the problem's detail and Retry-After seconds. */
  class ApiError extends Error {
    constructor(status, problem, retryAfterSeconds) {
      super((problem && problem.detail) || ("HTTP " + status));
      this.status = status;
      this.code = problem && problem.code;
      this.problem = problem;
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  async function api(method, url, body, options) {
    const headers = Object.assign({ "Accept": "application/json" }, (options && options.headers) || {});
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    const token = meta("csrf-token");
    if (token && UNSAFE.has(method.toUpperCase())) {
      headers[meta("csrf-header") || "X-CSRF-Token"] = token;
    }
    const response = await fetch(url, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    if (response.status === 304) {
      return { status: 304, response: response, data: null };
    }
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : await response.text();
    if (!response.ok) {
      const retry = parseInt(response.headers.get("Retry-After") || "", 10);
      throw new ApiError(response.status, typeof data === "object" ? data : null, isNaN(retry) ? null : retry);
    }
    return { status: response.status, response: response, data: data };
  }

  window.lookout = { api: api, ApiError: ApiError };
})();
