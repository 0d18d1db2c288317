package dev.lookout.refresh;

import java.util.List;
import java.util.Optional;

/** {@link PanelResults} over the updater's index and the result cache. */
final class CachedPanelResults implements PanelResults {

	private final CacheUpdater updater;

	private final ResultCache cache;

	CachedPanelResults(CacheUpdater updater, ResultCache cache) {
		this.updater = updater;
		this.cache = cache;
	}

	@Override
	public Optional<List<Long>> panelsOf(String slug) {
		return this.updater.indexLoaded() ? Optional.of(this.updater.panelsOf(slug)) : Optional.empty();
	}

	@Override
	public Optional<PanelResult> current(long panelId, long atLeastVersion) {
		return this.cache.get(panelId, atLeastVersion)
			.map((stored) -> new PanelResult(stored.panelId(), stored.resultVersion(), stored.body()));
	}

}
