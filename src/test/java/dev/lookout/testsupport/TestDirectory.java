package dev.lookout.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldif.LDIFReader;

/**
 * A real LDAP server (UnboundID, in this JVM) on a free loopback port, loaded from an LDIF on
 * the test class path. A test can stop it (connections are refused) and start it again on the
 * same port, or pause it: connections are then accepted and requests read, but nothing is
 * answered, which is how an overloaded or wedged directory looks to a client.
 */
public final class TestDirectory implements AutoCloseable {

	/** A paused request is released after this even without {@link #resume()}, so no thread is stuck for good. */
	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);

	private final InMemoryDirectoryServer server;

	private final String base;

	private final int port;

	private boolean running;

	private boolean paused;

	private TestDirectory(String base, int port, String ldif, boolean searchNeedsBind)
			throws LDAPException, IOException {
		this.base = base;
		this.port = port;
		InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
		config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("test",
				InetAddress.getByName(ServerProcesses.LOOPBACK), port, null));
		if (searchNeedsBind) {
			config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH);
		}
		config.addInMemoryOperationInterceptor(new Pausing());
		this.server = new InMemoryDirectoryServer(config);
		try (InputStream entries = TestDirectory.class.getClassLoader().getResourceAsStream(ldif)) {
			if (entries == null) {
				throw new IllegalArgumentException("No LDIF " + ldif + " on the test class path");
			}
			this.server.importFromLDIF(true, new LDIFReader(entries));
		}
	}

	/**
	 * Starts a directory for {@code base} holding the entries of the class-path resource {@code ldif}.
	 * @param searchNeedsBind whether anonymous searches are refused, as most real directories do
	 */
	public static TestDirectory start(String base, String ldif, boolean searchNeedsBind) {
		try {
			TestDirectory directory = new TestDirectory(base, ServerProcesses.freeLoopbackPort(), ldif, searchNeedsBind);
			directory.start();
			return directory;
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("The test directory did not start: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The example directory ({@code dc=example,dc=com} from {@code directory/example.ldif}, searches
	 * only after the service account's bind), one for the whole test JVM: started by the first test
	 * that asks, never stopped by one, closed when the JVM exits. A test that stops or pauses a
	 * directory starts its own. See {@link UsesTheExampleDirectory}.
	 */
	public static TestDirectory example() {
		return Example.DIRECTORY;
	}

	/** Started on first use (the holder idiom), so a JVM whose tests need none starts none. */
	private static final class Example {

		static final TestDirectory DIRECTORY = start("dc=example,dc=com", "directory/example.ldif", true);

		static {
			Runtime.getRuntime().addShutdownHook(new Thread(DIRECTORY::stop, "example-directory-stop"));
		}

	}

	/** {@code ldap://127.0.0.1:port/base}. */
	public String url() {
		return "ldap://" + ServerProcesses.LOOPBACK + ":" + this.port + "/" + this.base;
	}

	public int port() {
		return this.port;
	}

	/** Listens again on the same port; does nothing while it runs. */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		try {
			this.server.startListening();
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("The test directory did not listen on " + this.port, ex);
		}
		this.running = true;
	}

	/** Closes the listener and every connection: clients are refused until {@link #start()}. */
	public void stop() {
		resume();
		// Outside the lock: closing waits for the connection threads, which a paused request holds it for.
		this.server.shutDown(true);
		synchronized (this) {
			this.running = false;
		}
	}

	/** Stops answering binds and searches, while still accepting connections. */
	public synchronized void pause() {
		this.paused = true;
	}

	public synchronized void resume() {
		this.paused = false;
		notifyAll();
	}

	@Override
	public void close() {
		stop();
	}

	private synchronized void awaitResumed() {
		long deadline = System.nanoTime() + LONGEST_PAUSE.toNanos();
		try {
			while (this.paused && System.nanoTime() < deadline) {
				wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Holds each bind and search while the directory is paused. */
	private final class Pausing extends InMemoryOperationInterceptor {

		@Override
		public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
			awaitResumed();
		}

		@Override
		public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
			awaitResumed();
		}

	}

}
