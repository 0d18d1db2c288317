package dev.lookout.database;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ResourceAction;
import org.mockito.ArgumentCaptor;

import static org.mockito.Answers.RETURNS_MOCKS;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * A stand-in for the shutdown registry that only records what is registered, so that a test
 * can run the hooks as the registry would. A mock rather than a subclass, so that it does
 * not depend on how the real registry is built.
 */
final class RecordedShutdowns {

	private final ManagedResources registry = mock(ManagedResources.class, RETURNS_MOCKS);

	ManagedResources registry() {
		return this.registry;
	}

	/** The hook registered under {@code name} with {@code order} and the default timeout. */
	ResourceAction hook(String name, int order) {
		ArgumentCaptor<ResourceAction> action = ArgumentCaptor.forClass(ResourceAction.class);
		verify(this.registry).register(eq(name), eq(order), action.capture());
		return action.getValue();
	}

	/** Runs every hook registered so far, as the registry does at shutdown. */
	void runAll() throws Exception {
		ArgumentCaptor<ResourceAction> actions = ArgumentCaptor.forClass(ResourceAction.class);
		verify(this.registry, atLeast(0)).register(anyString(), anyInt(), actions.capture());
		for (ResourceAction action : actions.getAllValues()) {
			action.run();
		}
	}

}
