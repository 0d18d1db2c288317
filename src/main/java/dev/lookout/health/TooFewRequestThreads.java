package dev.lookout.health;

/** {@code HEALTH_RESERVED_THREADS} leaves no request thread for anything but health probes. */
final class TooFewRequestThreads extends IllegalStateException {

	TooFewRequestThreads(int maxThreads, int reservedThreads) {
		super("HEALTH_RESERVED_THREADS = \"" + reservedThreads + "\": must be fewer than HTTP_MAX_THREADS (\""
				+ maxThreads + "\"), or no request but a health probe could ever be served");
	}

}
