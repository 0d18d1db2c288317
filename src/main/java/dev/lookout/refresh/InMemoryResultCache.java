package dev.lookout.refresh;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The result cache of a single instance without Redis: lost on restart, refilled by the first refreshes. */
final class InMemoryResultCache implements ResultCache {

	private final Map<ViewKey, StoredResult> results = new ConcurrentHashMap<>();

	@Override
	public Optional<StoredResult> get(ViewKey view) {
		return Optional.ofNullable(this.results.get(view));
	}

	@Override
	public void put(ViewKey view, StoredResult result) {
		this.results.put(view, result);
	}

	@Override
	public void remove(ViewKey view) {
		this.results.remove(view);
	}

}
