package dev.lookout.refresh;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Sharing;
import dev.lookout.variables.Variables;

/** Panel definitions a test sets; {@link #failReads(int)} makes the next reads fail like a database that is down. */
class TestPanels implements PanelSource {

	static final String SLUG = "ops";

	private final Map<Long, PanelSpec> specs = new ConcurrentHashMap<>();

	private final AtomicInteger failingReads = new AtomicInteger();

	/** A panel of dashboard {@value #SLUG} (id 1) on data source 10, with fixed SQL, that every reader sees. */
	static PanelSpec panel(long id, String sql, Duration interval) {
		return panel(id, sql, interval, 1, Variables.NONE, List.of());
	}

	/** The same with its version and the {@code variables} of its dashboard whose {@code parameters} its SQL names. */
	static PanelSpec panel(long id, String sql, Duration interval, long version, Variables variables,
			List<String> parameters) {
		return new PanelSpec(id, 1, SLUG, 10, sql, interval, version, variables, parameters, Sharing.ROLES);
	}

	TestPanels with(PanelSpec spec) {
		this.specs.put(spec.id(), spec);
		return this;
	}

	void remove(long id) {
		this.specs.remove(id);
	}

	void failReads(int times) {
		this.failingReads.set(times);
	}

	@Override
	public List<PanelSpec> all() {
		failIfTold();
		return this.specs.values().stream().sorted(Comparator.comparingLong(PanelSpec::id)).toList();
	}

	@Override
	public Optional<PanelSpec> find(long id) {
		failIfTold();
		return Optional.ofNullable(this.specs.get(id));
	}

	private void failIfTold() {
		if (this.failingReads.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			throw new IllegalStateException("application database unreachable");
		}
	}

}
