package dev.lookout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Process and port plumbing shared by the test servers. */
final class ServerProcesses {

	static final String LOOPBACK = "127.0.0.1";

	private ServerProcesses() {
	}

	/** A port nobody listens on right now, chosen by the kernel on the loopback interface. */
	static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free loopback port", ex);
		}
	}

	/**
	 * Sends a signal such as {@code STOP} or {@code CONT}. Java has no API for either, and
	 * {@code kill} is on every machine these servers run on.
	 */
	static void signal(String signal, List<ProcessHandle> processes) {
		List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
		if (alive.isEmpty()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
		alive.forEach((process) -> command.add(Long.toString(process.pid())));
		try {
			Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException(
						"kill -" + signal + " failed: " + new String(kill.getInputStream().readAllBytes()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal, ex);
		}
	}

	/** SIGKILLs a process and its descendants, and waits a little for them to go. */
	static void kill(ProcessHandle process) {
		List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
		tree.add(process);
		tree.forEach(ProcessHandle::destroyForcibly);
		try {
			CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
				.get(5, TimeUnit.SECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// Killed but not reaped yet: they hold nothing a restart needs.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
