package dev.lookout.lifecycle;

/** API placeholder while the registry is being built; replaced in the same change. */
public final class ShutdownOrder {

	public static final int REQUEST_POOL = 400;

	private ShutdownOrder() {
	}

}
