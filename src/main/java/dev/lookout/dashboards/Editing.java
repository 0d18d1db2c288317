package dev.lookout.dashboards;

/**
 * The Bean Validation group of the rules that hold only when a stored dashboard or panel is
 * changed: the client names the version it loaded, so that a newer change is never overwritten.
 */
interface Editing {

	String VERSION_REQUIRED = "is required: send the version you loaded, so that a newer change is never overwritten";

}
