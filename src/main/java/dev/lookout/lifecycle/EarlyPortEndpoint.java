package dev.lookout.lifecycle;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;

import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's NIO endpoint, listening on the socket the {@link EarlyPort} opened for its address when
 * there is one, and otherwise on its own as Tomcat does. Tomcat's extension point for "custom server
 * sockets" is {@link #initServerSocket()}; its own socket field is private, hence the overrides of
 * every method that uses it. What is lost: Tomcat's guard against a JDK bug that once accepted one
 * connection twice (not seen on the JDKs Lookout supports).
 */
final class EarlyPortEndpoint extends NioEndpoint {

	/** The early port, until Tomcat starts accepting on its socket. */
	private EarlyPort early;

	/** The early port's socket, once claimed; {@code null} when Tomcat opened its own. */
	private volatile ServerSocketChannel claimed;

	@Override
	protected void initServerSocket() throws Exception {
		Optional<EarlyPort> found = EarlyPort.claim(getAddress(), getPortWithOffset());
		if (found.isEmpty()) {
			super.initServerSocket();
			return;
		}
		this.early = found.get();
		this.claimed = this.early.channel();
	}

	@Override
	public void startInternal() throws Exception {
		if (this.early != null) {
			// Right before Tomcat's acceptor starts: connections that arrive meanwhile wait in the backlog.
			this.early.handOver();
			this.early = null;
		}
		super.startInternal();
	}

	@Override
	protected NetworkChannel getServerSocket() {
		return (this.claimed != null) ? this.claimed : super.getServerSocket();
	}

	@Override
	protected SocketChannel serverSocketAccept() throws Exception {
		ServerSocketChannel socket = this.claimed;
		return (socket != null) ? socket.accept() : super.serverSocketAccept();
	}

	@Override
	protected void doCloseServerSocket() throws IOException {
		ServerSocketChannel socket = this.claimed;
		if (socket == null) {
			super.doCloseServerSocket();
			return;
		}
		this.claimed = null;
		if (this.early != null) {
			// Stopped before it started: the early port's loop still has the socket.
			this.early.close();
			this.early = null;
		}
		socket.close();
	}

}
