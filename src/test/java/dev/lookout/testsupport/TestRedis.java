package dev.lookout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import redis.embedded.RedisServer;

/**
 * One real Redis server per test JVM, started on first use on a free port bound to
 * 127.0.0.1 only. A test can stop and start it on the same port (data is not kept), or
 * pause it to get a Redis that hangs instead of one that refuses. Tests that change the
 * server's state must leave it started and resumed.
 * <p>
 * No exit hook of ours: the library kills the server at JVM exit with SIGKILL, which also
 * ends a paused one.
 */
public final class TestRedis {

	private final int port;

	private final RedisServer server;

	/** The server's pid while it runs, or {@code null}. */
	private ProcessHandle process;

	private boolean paused;

	private TestRedis(int port) throws IOException {
		this.port = port;
		this.server = RedisServer.newRedisServer()
			.bind(ServerProcesses.LOOPBACK)
			.port(port)
			// A cache for tests: nothing written to disk, nothing to load on start.
			.setting("save \"\"")
			.setting("appendonly no")
			// Keeps "--port N" in the command line, where findProcess() looks for it.
			.setting("set-proc-title no")
			.onShutdownForceStop(true)
			// Drains the server's output, which would otherwise fill the pipe and block it.
			.soutListener((line) -> {
			})
			.serrListener((line) -> {
			})
			.build();
	}

	/** The server of this JVM, started on first call. */
	public static TestRedis get() {
		return Holder.INSTANCE;
	}

	public int port() {
		return this.port;
	}

	/** {@code redis://127.0.0.1:port}. */
	public String url() {
		return "redis://" + ServerProcesses.LOOPBACK + ":" + this.port;
	}

	/** Starts the server again on the same port, empty; does nothing while it runs. */
	public synchronized void start() {
		if (this.process != null) {
			return;
		}
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis did not start on port " + this.port, ex);
		}
		this.process = findProcess();
	}

	/** Kills the server; connections are refused until {@link #start()}. */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		try {
			// SIGKILL (forced stop), so a paused server dies too.
			this.server.stop();
			// Gone before it returns: a start right after must find the port free.
			this.process.onExit().get(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while Redis stopped", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Redis (pid " + this.process.pid() + ") did not exit within 10 s", ex);
		}
		this.process = null;
		this.paused = false;
	}

	public synchronized void restart() {
		stop();
		start();
	}

	/** Freezes the server with SIGSTOP: connections still open, but nothing answers. */
	public synchronized void pause() {
		if (this.paused) {
			return;
		}
		ServerProcesses.signal("STOP", List.of(running()));
		this.paused = true;
	}

	public synchronized void resume() {
		if (!this.paused) {
			return;
		}
		ServerProcesses.signal("CONT", List.of(running()));
		this.paused = false;
	}

	private ProcessHandle running() {
		if (this.process == null) {
			throw new IllegalStateException("Redis is stopped");
		}
		return this.process;
	}

	/** The library keeps its process private; it is our child, started with our port. */
	private ProcessHandle findProcess() {
		String port = Integer.toString(this.port);
		return ProcessHandle.current()
			.children()
			.filter((child) -> child.info().command().orElse("").contains("redis-server"))
			.filter((child) -> List.of(child.info().arguments().orElse(new String[0])).contains(port))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No redis-server child process on port " + port));
	}

	private static final class Holder {

		static final TestRedis INSTANCE = create();

		private static TestRedis create() {
			try {
				TestRedis redis = new TestRedis(ServerProcesses.freeLoopbackPort());
				redis.start();
				return redis;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
