package dev.lookout.refresh;

/**
 * Names a view: a panel with the values bound to the parameters its SQL uses. A panel's default
 * view (no variables, or each at its default) has the empty {@code viewId} and is written as the
 * panel id alone, as results, leases, ETags and event ids always were; any other view adds
 * {@code ~} and a digest of its values ({@code 7~Yq3…}), the same on every instance.
 *
 * @param viewId empty for the default view, else the digest of the chosen values
 */
public record ViewKey(long panelId, String viewId) {

	public ViewKey {
		if (viewId == null) {
			viewId = "";
		}
	}

	/** The panel's default view. */
	public static ViewKey of(long panelId) {
		return new ViewKey(panelId, "");
	}

	public boolean isDefault() {
		return this.viewId.isEmpty();
	}

	/** The key as written in Redis keys, ETags, event ids and notices; read back by {@link #parse}. */
	@Override
	public String toString() {
		return isDefault() ? Long.toString(this.panelId) : this.panelId + "~" + this.viewId;
	}

	/**
	 * The key {@link #toString()} wrote.
	 * @throws NumberFormatException when {@code key} is not one
	 */
	public static ViewKey parse(String key) {
		int tilde = key.indexOf('~');
		return (tilde < 0) ? of(Long.parseLong(key))
				: new ViewKey(Long.parseLong(key.substring(0, tilde)), key.substring(tilde + 1));
	}

}
