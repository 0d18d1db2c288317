package dev.lookout.refresh;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The result cache of a single instance without Redis: lost on restart, refilled by the first refreshes. */
final class InMemoryResultCache implements ResultCache {

	private final Map<Long, StoredResult> results = new ConcurrentHashMap<>();

	@Override
	public Optional<StoredResult> get(long panelId) {
		return Optional.ofNullable(this.results.get(panelId));
	}

	@Override
	public void put(long panelId, StoredResult result) {
		this.results.put(panelId, result);
	}

	@Override
	public void remove(long panelId) {
		this.results.remove(panelId);
	}

}
