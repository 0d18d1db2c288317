package dev.lookout.refresh;

/** The result cache contract, in memory: one process, so its only reader is itself. */
class InMemoryResultCacheTest extends ResultCacheContract {

	private final InMemoryResultCache cache = new InMemoryResultCache();

	@Override
	ResultCache cache() {
		return this.cache;
	}

	@Override
	ResultCache freshReader() {
		return this.cache;
	}

}
