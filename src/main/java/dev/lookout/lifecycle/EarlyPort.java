package dev.lookout.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import dev.lookout.web.PlainAnswer;
import dev.lookout.web.ProblemWriter;
import dev.lookout.web.RequestIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The port opened as soon as Spring has read the configuration, seconds before Tomcat exists, giving
 * every request its {@link StartingAnswers starting answer} until Tomcat takes this very listening
 * socket over ({@link EarlyPortEndpoint}): a probe is answered about a second after launch, and no
 * connection is refused in between, since the socket never closes. Each exchange is one request
 * and {@code Connection: close}. Written by hand, and small, because nothing else can do it: Tomcat
 * cannot be built before Spring has read the application's classes, and the JDK's HTTP server cannot
 * hand its socket on.
 */
public final class EarlyPort {

	/** A request head larger than this is refused: the starting answers need the request line and two headers. */
	static final int MAX_HEAD = 8192;

	/** How long one exchange may take, from accept to close: a slow client cannot hold the loop's attention longer. */
	static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(5);

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
						((Exchange) key.attachment()).step(key);
					}
				}
				long now = System.nanoTime();
				for (SelectionKey key : this.selector.keys()) {
					if (key.attachment() instanceof Exchange exchange && now - exchange.deadline > 0) {
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

	private void accept() throws IOException {
		SocketChannel client;
		while ((client = this.channel.accept()) != null) {
			client.configureBlocking(false);
			client.register(this.selector, SelectionKey.OP_READ, new Exchange());
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

	/**
	 * The bytes answering a request whose head is {@code head} (without its blank line): the starting
	 * answer, or 400 {@code BAD_REQUEST} when it is not an HTTP/1 request for a path.
	 */
	byte[] answerTo(String head) {
		String[] lines = head.split("\r\n");
		String[] requestLine = lines[0].split(" ");
		String accept = null;
		String offeredId = null;
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = lines[i].substring(colon + 1).trim();
				if (name.equals("accept")) {
					accept = value;
				}
				else if (name.equals(RequestIds.HEADER.toLowerCase(Locale.ROOT))) {
					offeredId = value;
				}
			}
		}
		URI target = (requestLine.length == 3 && requestLine[2].startsWith("HTTP/1.")) ? target(requestLine[1]) : null;
		if (target == null) {
			return bytes(ProblemWriter.render(Failure.of(ErrorCode.BAD_REQUEST, "The request could not be read."), "/",
					RequestIds.accept(offeredId), accept), requestLine[0]);
		}
		// Normalized as Tomcat does before a path decides anything: no dot segments, no path parameters.
		String path = target.normalize().getPath().replaceAll(";[^/]*", "");
		return bytes(this.answers.to(path, target.getRawPath(), offeredId, accept), requestLine[0]);
	}

	/** The request target as a URI with an absolute path, or {@code null} when it is none. */
	private static URI target(String requestTarget) {
		try {
			URI uri = new URI(requestTarget);
			return (uri.getRawPath() != null && uri.getRawPath().startsWith("/")) ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static byte[] bytes(PlainAnswer answer, String method) {
		HttpStatus status = HttpStatus.resolve(answer.status());
		StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status())
			.append(' ')
			.append((status != null) ? status.getReasonPhrase() : "")
			.append("\r\n");
		answer.headers()
			.forEach((name, values) -> values.forEach((value) -> head.append(name).append(": ").append(value).append("\r\n")));
		head.append(HttpHeaders.CONTENT_LENGTH).append(": ").append(answer.body().length).append("\r\n");
		head.append(HttpHeaders.CONNECTION).append(": close\r\n\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		if ("HEAD".equals(method)) {
			return headBytes;
		}
		byte[] all = new byte[headBytes.length + answer.body().length];
		System.arraycopy(headBytes, 0, all, 0, headBytes.length);
		System.arraycopy(answer.body(), 0, all, headBytes.length, answer.body().length);
		return all;
	}

	/**
	 * One connection: its request head read, its answer written, then what the client still sends
	 * read and dropped until it closes, so that closing does not reset the connection before the
	 * client has read the answer (it may have sent a body nobody reads).
	 */
	private final class Exchange {

		private final long deadline = System.nanoTime() + EXCHANGE_TIMEOUT.toNanos();

		private final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);

		private ByteBuffer out;

		private boolean draining;

		void step(SelectionKey key) throws IOException {
			SocketChannel client = (SocketChannel) key.channel();
			try {
				if (this.out == null && !read(client, key)) {
					return;
				}
				if (!this.draining) {
					client.write(this.out);
					if (this.out.hasRemaining()) {
						return;
					}
					client.shutdownOutput();
					this.draining = true;
					key.interestOps(SelectionKey.OP_READ);
					return;
				}
				this.in.clear();
				if (client.read(this.in) < 0) {
					client.close();
				}
			}
			catch (IOException clientGone) {
				client.close();
			}
		}

		/** Reads what came; true once the answer is ready to write. */
		private boolean read(SocketChannel client, SelectionKey key) throws IOException {
			if (client.read(this.in) < 0) {
				client.close();
				return false;
			}
			String received = new String(this.in.array(), 0, this.in.position(), StandardCharsets.ISO_8859_1);
			int end = received.indexOf("\r\n\r\n");
			if (end < 0 && this.in.hasRemaining()) {
				return false;
			}
			this.out = ByteBuffer.wrap(answerTo((end < 0) ? "" : received.substring(0, end)));
			key.interestOps(SelectionKey.OP_WRITE);
			return true;
		}

	}

}
