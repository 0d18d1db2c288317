package dev.lookout.web;

/**
 * Somebody saved a newer version of what the client edited. The change is refused rather
 * than written over theirs; the client reloads, reapplies its change and saves again.
 */
public class EditConflict extends ApiException {

	public EditConflict(String detail) {
		super(ErrorCode.EDIT_CONFLICT, detail);
	}

}
