package dev.lookout.refresh;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.datasource.DataSourceUnavailable;
import dev.lookout.datasource.QueryColumn;
import dev.lookout.datasource.QueryResult;

/**
 * Queries that answer as a test scripts them per SQL, count their calls, and record how many
 * ran at once; {@link #hold()} keeps every query waiting until {@link #release()}.
 */
class ScriptedQueries implements PanelQuery {

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostAtOnce = new AtomicInteger();

	private final AtomicInteger interrupted = new AtomicInteger();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	/** One row per value, in a column {@code n} of decimals. */
	static QueryResult rows(Object... values) {
		List<List<Object>> rows = Arrays.stream(values).map(Collections::singletonList).toList();
		return new QueryResult(List.of(new QueryColumn("n", "number", "NUMERIC")), rows, false, 1000,
				Duration.ofMillis(12));
	}

	static QueryResult rowsOf(String sql) {
		return rows(new BigDecimal("10.50"), sql.length());
	}

	void answer(String sql, Answer answer) {
		this.answers.put(sql, answer);
	}

	void hold() {
		this.gate = new CountDownLatch(1);
	}

	void release() {
		this.gate.countDown();
	}

	int calls(String sql) {
		AtomicInteger count = this.calls.get(sql);
		return (count != null) ? count.get() : 0;
	}

	int running() {
		return this.running.get();
	}

	int mostAtOnce() {
		return this.mostAtOnce.get();
	}

	int interrupted() {
		return this.interrupted.get();
	}

	/** Without a script, a query answers {@link #rowsOf(String)}. */
	@Override
	public QueryResult run(long dataSourceId, String sql, Map<String, List<Object>> parameters) {
		this.calls.computeIfAbsent(sql, (key) -> new AtomicInteger()).incrementAndGet();
		this.mostAtOnce.accumulateAndGet(this.running.incrementAndGet(), Math::max);
		try {
			this.gate.await();
			return this.answers.getOrDefault(sql, () -> rowsOf(sql)).answer();
		}
		catch (InterruptedException ex) {
			this.interrupted.incrementAndGet();
			Thread.currentThread().interrupt();
			throw new DataSourceUnavailable("test", "interrupted", Duration.ofSeconds(1));
		}
		finally {
			this.running.decrementAndGet();
		}
	}

	@FunctionalInterface
	interface Answer {

		QueryResult answer();

	}

}
