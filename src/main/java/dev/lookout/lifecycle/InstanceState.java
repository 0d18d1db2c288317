package dev.lookout.lifecycle;

/** Where this instance is in its life; readiness refuses traffic in every state but {@link #READY}. */
public enum InstanceState {

	/** The context is starting; nothing is served yet. */
	STARTING,

	/** Serving. */
	READY,

	/** A controlled reload is stopping and starting the resources; requests get 503 {@code RELOADING}. */
	RELOADING,

	/** The context is closing: readiness refuses traffic, requests drain, then the registry runs. */
	SHUTTING_DOWN

}
