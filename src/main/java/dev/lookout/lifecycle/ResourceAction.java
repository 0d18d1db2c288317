package dev.lookout.lifecycle;

/**
 * One step of a managed resource's life: its stop (stop a worker, close a client, dispose a pool)
 * or its start (build a fresh one).
 */
@FunctionalInterface
public interface ResourceAction {

	void run() throws Exception;

}
