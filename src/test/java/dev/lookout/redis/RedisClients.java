package dev.lookout.redis;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Test access to Redis clients: our {@link SharedRedis} for tests of other modules, and the
 * two ways of seeing whether a client is still around, {@code CLIENT LIST} and its threads.
 */
public final class RedisClients {

	/** Lettuce names its threads {@code lettuce-*}; Netty's shared executor is used through it. */
	private static final Pattern CLIENT_THREAD = Pattern.compile("lettuce-.*|globalEventExecutor-.*");

	private RedisClients() {
	}

	/** A shared connection to {@code url}, connected; close it with {@link #close(SharedRedis)}. */
	public static SharedRedis connected(String url) {
		SharedRedis redis = new SharedRedis(RedisConfiguration.parse(url), Duration.ofSeconds(1),
				Duration.ofMillis(500));
		redis.connect();
		await().atMost(Duration.ofSeconds(10)).until(redis::isConnected);
		return redis;
	}

	public static void close(SharedRedis redis) {
		redis.close();
	}

	/** Empties the logical database {@code url} names, for a test that owns it. */
	public static void flushDatabase(String url) throws Exception {
		SharedRedis redis = connected(url);
		try {
			redis.commands().orElseThrow().flushdb().get();
		}
		finally {
			close(redis);
		}
	}

	/**
	 * The {@code name} of every client connected to the Redis on {@code port}, asked over a plain
	 * socket so that asking starts no client threads of its own.
	 */
	public static List<String> clientNames(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("CLIENT LIST\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			String header = readLine(in);
			if (!header.startsWith("$")) {
				throw new IllegalStateException("Unexpected reply to CLIENT LIST: " + header);
			}
			byte[] list = new byte[Integer.parseInt(header.substring(1))];
			in.readFully(list);
			return Arrays.stream(new String(list, StandardCharsets.UTF_8).split("\n"))
				.flatMap((line) -> Arrays.stream(line.split(" ")))
				.filter((field) -> field.startsWith("name="))
				.map((field) -> field.substring("name=".length()))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The live threads now, to tell a test's own threads from those of contexts other tests keep cached. */
	public static Set<Thread> liveThreads() {
		return Set.copyOf(Thread.getAllStackTraces().keySet());
	}

	/** Names of the live threads a Redis client runs, except those in {@code earlier}. */
	public static List<String> clientThreadsNotIn(Set<Thread> earlier) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !earlier.contains(thread))
			.map(Thread::getName)
			.filter((name) -> CLIENT_THREAD.matcher(name).matches())
			.toList();
	}

	private static String readLine(DataInputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int next;
		while ((next = in.read()) != '\n') {
			if (next < 0) {
				throw new IOException("Connection closed by Redis");
			}
			if (next != '\r') {
				line.append((char) next);
			}
		}
		return line.toString();
	}

}
