package dev.lookout.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.variables.ChosenValues;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/** {@link PanelResults} over the updater's index, its live views and the result cache. */
final class CachedPanelResults implements PanelResults {

	private final CacheUpdater updater;

	private final ResultCache cache;

	private final ViewChoices choices;

	CachedPanelResults(CacheUpdater updater, ResultCache cache, ViewChoices choices) {
		this.updater = updater;
		this.cache = cache;
		this.choices = choices;
	}

	@Override
	public Optional<List<Long>> panelsOf(String slug) {
		return this.updater.indexLoaded() ? Optional.of(this.updater.panelsOf(slug)) : Optional.empty();
	}

	@Override
	public List<String> variableOptions(String slug, String name) {
		return this.updater.anyPanelOf(slug)
			.flatMap((spec) -> spec.variables().variable(name).map((variable) -> this.choices.offered(spec, variable)))
			.orElse(List.of());
	}

	@Override
	public List<ViewKey> watch(String slug, Map<String, List<String>> parameters) {
		List<Long> panels = this.updater.panelsOf(slug);
		if (!panels.isEmpty() && !this.updater.panel(panels.get(0)).map(PanelSpec::visible).orElse(true)) {
			throw new ApiException(ErrorCode.NOT_FOUND, "There is no dashboard '" + slug + "' with panels.");
		}
		if (parameters.isEmpty()) {
			// Every panel's default view is kept fresh anyway.
			return panels.stream().map(ViewKey::of).toList();
		}
		List<PanelView> views = new ArrayList<>(panels.size());
		ChosenValues chosen = null;
		for (long panelId : panels) {
			PanelSpec spec = this.updater.panel(panelId).orElse(null);
			if (spec == null) {
				// Removed since the index listed it: its removal reaches the stream's dashboard soon.
				continue;
			}
			if (chosen == null) {
				// One dashboard, one set of variables: checked once.
				chosen = this.choices.choose(spec, parameters);
			}
			views.add(PanelView.of(spec, chosen));
		}
		// All or none: a refused choice leaves no view behind to refresh for nobody.
		this.updater.watch(views);
		return views.stream().map(PanelView::key).toList();
	}

	@Override
	public ViewKey watchView(long panelId, Map<String, List<String>> values) {
		PanelSpec spec = this.updater.panel(panelId)
			.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "There is no panel " + panelId + "."));
		if (values.isEmpty()) {
			return ViewKey.of(panelId);
		}
		PanelView view = PanelView.of(spec, this.choices.choose(spec, values));
		if (!view.key().isDefault()) {
			this.updater.watch(List.of(view));
		}
		return view.key();
	}

	@Override
	public Optional<PanelResult> current(ViewKey view, long atLeastVersion) {
		return this.cache.get(view, atLeastVersion)
			.map((stored) -> new PanelResult(stored.view(), stored.resultVersion(), stored.body()));
	}

}
