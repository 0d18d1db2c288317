package dev.lookout.web;

/**
 * Somebody saved a newer version of what the client edited. The client must reload and
 * reapply its change: an edit never silently overwrites another.
 */
public class EditConflict extends ApiException {

	public EditConflict(String detail) {
		super(ErrorCode.EDIT_CONFLICT, detail);
	}

}
