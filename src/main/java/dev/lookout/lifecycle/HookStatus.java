package dev.lookout.lifecycle;

/** How one step of a managed resource ended. */
public enum HookStatus {

	/** Finished within its timeout. */
	OK,

	/** Overran its timeout (or the budget left): abandoned and interrupted. */
	TIMEOUT,

	/** Threw an exception. */
	FAILED,

	/** Not started because the total budget was already spent. */
	SKIPPED

}
