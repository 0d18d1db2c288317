package dev.lookout.lifecycle;

/** What a shutdown hook does: stop a worker, close a client, dispose a pool. */
@FunctionalInterface
public interface ShutdownAction {

	void run() throws Exception;

}
