package dev.lookout.realtime;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

/**
 * Hands an event stream its connection once the container has sent the response's head and let
 * go of the request. An asynchronous request would keep Tomcat's whole request and response
 * (about 110 KB of buffers each, see docs/benchmarks.md) for as long as the stream is open; an
 * upgraded connection keeps only its socket. Public with a public constructor because the
 * container makes it by reflection ({@link jakarta.servlet.http.HttpServletRequest#upgrade}).
 */
public final class StreamConnection implements HttpUpgradeHandler {

	private volatile EventStream stream;

	/** Set by the request that upgraded, before the container calls {@link #init}. */
	void carry(EventStream stream) {
		this.stream = stream;
	}

	@Override
	public void init(WebConnection connection) {
		this.stream.attach(connection);
	}

	@Override
	public void destroy() {
		this.stream.close();
	}

}
