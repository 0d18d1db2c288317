package dev.lookout.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The port opened as soon as Spring has read the configuration, seconds before Tomcat exists, giving
 * every request its {@link StartingAnswers starting answer} until Tomcat takes this very listening
 * socket over ({@link EarlyPortEndpoint}): a probe is answered about a second after launch, and no
 * connection is refused in between, since the socket never closes. Each connection is one
 * {@link EarlyExchange}. Written by hand, and small, because nothing else can do it: Tomcat
 * cannot be built before Spring has read the application's classes, and the JDK's HTTP server cannot
 * hand its socket on.
 */
public final class EarlyPort {

	/** How long Tomcat waits for the loop to let go of the socket (a select wakes within microseconds). */
	private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(EarlyPort.class);

	/** The process's early port: Tomcat makes its endpoint from a class name, so the endpoint finds it here. */
	private static final AtomicReference<EarlyPort> opened = new AtomicReference<>();

	private final ServerSocketChannel channel;

	private final Selector selector;

	private final StartingAnswers answers;

	private final InetSocketAddress address;

	/** Counted down once the loop no longer selects on the socket, so it can turn blocking for Tomcat. */
	private final CountDownLatch released = new CountDownLatch(1);

	private volatile boolean handingOver;

	private EarlyPort(ServerSocketChannel channel, Selector selector, StartingAnswers answers) throws IOException {
		this.channel = channel;
		this.selector = selector;
		this.answers = answers;
		this.address = (InetSocketAddress) channel.getLocalAddress();
	}

	/**
	 * Binds {@code address} (a wildcard address when its host is {@code null}) with {@code backlog}
	 * and answers on it, until Tomcat claims it or {@link #close()}.
	 */
	static EarlyPort open(InetSocketAddress address, int backlog, StartingAnswers answers) throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			channel.bind(address, backlog);
			channel.configureBlocking(false);
			EarlyPort port = new EarlyPort(channel, Selector.open(), answers);
			if (!opened.compareAndSet(null, port)) {
				throw new IllegalStateException("An early port is already open: " + opened.get().address);
			}
			Thread loop = new Thread(port::answer, "early-port");
			loop.setDaemon(true);
			loop.start();
			return port;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * The early port opened for {@code address} and {@code port} (a {@code null} address meaning every
	 * interface), which the caller, Tomcat's endpoint, now owns; empty when none was, or when it was
	 * opened elsewhere (it is then closed: the caller opens its own).
	 */
	static Optional<EarlyPort> claim(InetAddress address, int port) {
		EarlyPort early = opened.getAndSet(null);
		if (early == null) {
			return Optional.empty();
		}
		boolean same = early.address.getPort() == port && (Objects.equals(address, early.address.getAddress())
				|| (address == null && early.address.getAddress().isAnyLocalAddress()));
		if (!same) {
			logger.warn("The early port " + early.address + " is not where Tomcat listens (" + address + ":" + port
					+ "); closing it");
			early.close();
			return Optional.empty();
		}
		return Optional.of(early);
	}

	/** The listening socket; Tomcat accepts on it once {@link #handOver()} returns. */
	ServerSocketChannel channel() {
		return this.channel;
	}

	InetSocketAddress address() {
		return this.address;
	}

	/**
	 * Stops accepting and leaves the socket, in blocking mode, to the caller; the exchanges already
	 * accepted are finished by the loop, which then ends.
	 */
	void handOver() throws IOException, InterruptedException {
		this.handingOver = true;
		this.selector.wakeup();
		if (!this.released.await(HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IOException("The early port's loop did not let go of " + this.address);
		}
		this.channel.configureBlocking(true);
		logger.info("Tomcat answers on " + this.address + " from now on");
	}

	/** Closes the socket and ends the loop: the start failed, or Tomcat listens elsewhere. */
	public void close() {
		opened.compareAndSet(this, null);
		this.handingOver = true;
		this.selector.wakeup();
		try {
			// Once the loop has let go: the JDK closes a socket still registered with a selector only later.
			this.released.await(HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the early port", ex);
		}
	}

	/** The loop: accepts until the hand-over, then finishes what it accepted. */
	private void answer() {
		SelectionKey listening = null;
		try {
			listening = this.channel.register(this.selector, SelectionKey.OP_ACCEPT);
			logger.info("Answering on " + this.address + " while Lookout starts");
			while (listening != null || !this.selector.keys().isEmpty()) {
				this.selector.select(100);
				if (listening != null && this.handingOver) {
					listening.cancel();
					listening = null;
					this.selector.selectedKeys().clear();
					// Deregisters the socket (a cancelled key stays registered until the next select).
					this.selector.selectNow();
					this.released.countDown();
				}
				Iterator<SelectionKey> ready = this.selector.selectedKeys().iterator();
				while (ready.hasNext()) {
					SelectionKey key = ready.next();
					ready.remove();
					if (!key.isValid()) {
						continue;
					}
					if (key == listening) {
						accept();
					}
					else {
						step(key);
					}
				}
				long now = System.nanoTime();
				for (SelectionKey key : this.selector.keys()) {
					if (key.attachment() instanceof EarlyExchange exchange && exchange.isOverdue(now)) {
						key.channel().close();
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			if (this.channel.isOpen()) {
				logger.warn("The early port stopped answering; Tomcat will when it starts", ex);
			}
		}
		finally {
			closeSelector();
			this.released.countDown();
		}
	}

	/** One connection's next step; a request it cannot answer costs that connection, never the loop. */
	private static void step(SelectionKey key) throws IOException {
		try {
			((EarlyExchange) key.attachment()).step(key);
		}
		catch (RuntimeException ex) {
			logger.warn("The early port could not answer a request; its connection is closed", ex);
			key.channel().close();
		}
	}

	private void accept() throws IOException {
		SocketChannel client;
		while ((client = this.channel.accept()) != null) {
			client.configureBlocking(false);
			client.register(this.selector, SelectionKey.OP_READ, new EarlyExchange(this.answers));
		}
	}

	private void closeSelector() {
		try {
			for (SelectionKey key : this.selector.keys()) {
				if (key.channel() != this.channel) {
					key.channel().close();
				}
			}
			this.selector.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the early port's selector", ex);
		}
	}

}
