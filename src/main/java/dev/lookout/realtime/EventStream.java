package dev.lookout.realtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import dev.lookout.refresh.ViewKey;

/**
 * One client's event stream: queues what it is sent and writes it with the non-blocking output of
 * its upgraded connection ({@link StreamConnection}), so a write never waits for a slow client and one thread serves every
 * stream. What the socket cannot take yet waits in a small queue; a client that lets it fill up
 * is dropped. It tracks the view versions its client holds, to skip what is not news and to
 * write each event's id ({@link EventIds}); the bytes themselves come from {@link SseFormat}. Spring's {@code SseEmitter}
 * is not used because its sends block the sending thread on a slow client and buffer sends
 * made before the response starts without bound.
 * <p>
 * Over 300 lines: the non-blocking write queue, its listeners and the versions a client holds change under one lock; split, that lock would span classes.
 */
final class EventStream implements WriteListener, ReadListener {

	private final String slug;

	/** The values the client chose, as it sent them: the stream's views are read again with them. */
	private final Map<String, List<String>> parameters;

	/** The view of each panel the stream shows, in panel order; replaced when an edit changes them. */
	private volatile List<ViewKey> views;

	/** Null until the container hands over the connection: until then, what is sent waits in the queue. */
	private WebConnection connection;

	private ServletOutputStream out;

	private ServletInputStream in;

	/** Chunks to write; an update is two (its id, then the shared event body). */
	private final ArrayDeque<Chunk> queue = new ArrayDeque<>();

	/** Updates queued and not written yet, and how many may be. */
	private int queuedUpdates;

	private final int maxUpdates;

	/** The view versions this client has been sent (or is about to be), by view key. */
	private final Map<String, Long> known;

	private final Consumer<EventStream> onClosed;

	/** Whether its client signed in, so may be sent alert rules' states. */
	private final boolean signedIn;

	private boolean flushNeeded;

	/** The last event is queued: complete the response once it is written. */
	private boolean finishing;

	private boolean closed;

	/**
	 * @param maxUpdates updates that may wait for the client: room for the first state of every
	 * panel plus {@code SSE_QUEUE_SIZE}
	 */
	EventStream(String slug, Map<String, List<String>> parameters, List<ViewKey> views, int maxUpdates,
			Map<String, Long> known, boolean signedIn, Consumer<EventStream> onClosed) {
		this.slug = slug;
		this.parameters = Map.copyOf(parameters);
		this.views = List.copyOf(views);
		this.maxUpdates = maxUpdates;
		this.known = new TreeMap<>(known);
		this.onClosed = onClosed;
		this.signedIn = signedIn;
	}

	String slug() {
		return this.slug;
	}

	Map<String, List<String>> parameters() {
		return this.parameters;
	}

	/** Whether its client signed in: only such a client is sent alert rules' states. */
	boolean signedIn() {
		return this.signedIn;
	}

	List<ViewKey> views() {
		return this.views;
	}

	/** Whether the stream shows {@code view}. */
	boolean shows(ViewKey view) {
		return this.views.contains(view);
	}

	/** The views of the stream's values after an edit of its dashboard changed them. */
	void views(List<ViewKey> views) {
		this.views = List.copyOf(views);
	}

	/** Queues the first bytes of the stream, written as soon as the connection is handed over. */
	synchronized void begin(byte[] preamble) {
		this.queue.add(new Chunk(preamble, false));
	}

	/**
	 * Starts writing on the upgraded connection: the container calls {@link #onWritePossible()}
	 * from now on. It also reads, only to notice at once a client that closes the connection.
	 */
	void attach(WebConnection connection) {
		try {
			ServletOutputStream output;
			synchronized (this) {
				this.connection = connection;
				if (this.closed) {
					// Dropped (a shutdown) before the container handed the connection over.
					closeConnection();
					return;
				}
				this.in = connection.getInputStream();
				output = connection.getOutputStream();
			}
			this.in.setReadListener(this);
			output.setWriteListener(this);
			// Only now may drain() write: the output's isReady() needs its write listener, and updates
			// come from the sync's thread while the container hands the connection over.
			synchronized (this) {
				this.out = output;
			}
			drain();
		}
		catch (IOException | IllegalStateException ex) {
			close();
		}
	}

	/**
	 * Queues a view's new version, unless the client has it or a newer one.
	 * @param body the event's fields after its id, shared by every stream
	 * @return false when the client is too far behind and was dropped
	 */
	boolean update(ViewKey view, long resultVersion, byte[] body) {
		String key = view.toString();
		synchronized (this) {
			if (this.closed || this.finishing) {
				return true;
			}
			Long held = this.known.get(key);
			if (held != null && held >= resultVersion) {
				return true;
			}
			if (this.queuedUpdates == this.maxUpdates) {
				dropLocked();
				return false;
			}
			this.known.put(key, resultVersion);
			this.queue.add(new Chunk(SseFormat.id(EventIds.encode(this.known)), false));
			this.queue.add(new Chunk(body, true));
			this.queuedUpdates++;
		}
		drain();
		return true;
	}

	/**
	 * Queues an event that is not a result (an alert's new state): no id, since the client does not
	 * hold it as a version; counted with the updates, so a client that lets them pile up is dropped.
	 * @return false when the client is too far behind and was dropped
	 */
	boolean send(byte[] event) {
		synchronized (this) {
			if (this.closed || this.finishing) {
				return true;
			}
			if (this.queuedUpdates == this.maxUpdates) {
				dropLocked();
				return false;
			}
			this.queue.add(new Chunk(event, true));
			this.queuedUpdates++;
		}
		drain();
		return true;
	}

	/** A comment line when nothing else is waiting; a client still behind needs none. */
	void heartbeat() {
		synchronized (this) {
			if (this.closed || this.finishing || !this.queue.isEmpty()) {
				return;
			}
			this.queue.add(new Chunk(SseFormat.HEARTBEAT, false));
		}
		drain();
	}

	/** Queues the last event, whatever the queue holds, and completes the response once it is written. */
	void finish(byte[] last) {
		synchronized (this) {
			if (this.closed || this.finishing) {
				return;
			}
			this.finishing = true;
			this.queue.add(new Chunk(last, false));
		}
		drain();
	}

	/** Ends the stream now, written or not. */
	void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			dropLocked();
		}
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	@Override
	public void onWritePossible() {
		drain();
	}

	@Override
	public void onError(Throwable failure) {
		close();
	}

	/** A client sends nothing after its request: whatever comes is read and ignored. */
	@Override
	public void onDataAvailable() throws IOException {
		byte[] ignored = new byte[256];
		while (this.in.isReady() && this.in.read(ignored) != -1) {
			// Discarded.
		}
	}

	/** The client closed the connection. */
	@Override
	public void onAllDataRead() {
		close();
	}

	/**
	 * Writes while the socket takes it. In non-blocking mode a write may only follow
	 * {@code isReady() == true}; when it is false the container calls {@link #onWritePossible()}
	 * later. Serialized here: the dispatch thread and container threads both call it.
	 */
	private synchronized void drain() {
		if (this.closed || this.out == null) {
			return;
		}
		try {
			while (this.out.isReady()) {
				Chunk next = this.queue.poll();
				if (next != null) {
					this.out.write(next.bytes());
					this.flushNeeded = true;
					if (next.endsUpdate()) {
						this.queuedUpdates--;
					}
				}
				else if (this.flushNeeded) {
					// Once the queue is empty: the chunks of one event go out together.
					this.flushNeeded = false;
					this.out.flush();
				}
				else {
					if (this.finishing) {
						dropLocked();
					}
					return;
				}
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away (or the container closed the response).
			dropLocked();
		}
	}

	private void dropLocked() {
		this.closed = true;
		this.queue.clear();
		this.queuedUpdates = 0;
		if (this.connection != null) {
			closeConnection();
		}
		this.onClosed.accept(this);
	}

	private void closeConnection() {
		try {
			this.connection.close();
		}
		catch (Exception ex) {
			// Already closed by the container or the client.
		}
	}

	private record Chunk(byte[] bytes, boolean endsUpdate) {
	}

}
