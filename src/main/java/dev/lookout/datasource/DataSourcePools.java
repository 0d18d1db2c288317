package dev.lookout.datasource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.resilience.Breakers;
import dev.lookout.resilience.Bulkheads;
import dev.lookout.security.secrets.SecretNotOpened;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One pool per data source, opened when first needed, closed when its source changes or goes,
 * and all closed by the shutdown registry (on a reload, opened again on demand).
 */
@Component
class DataSourcePools {

	private final DataSources dataSources;

	private final Breakers breakers;

	private final Bulkheads bulkheads;

	private final JdbcUrlPolicy urlPolicy;

	private final AccountPolicy accountPolicy;

	private final Map<Long, DataSourcePool> pools = new ConcurrentHashMap<>();

	/** Guards opening and closing, so no pool opens from a stale definition or after shutdown. */
	private final Object lock = new Object();

	private boolean closed;

	DataSourcePools(DataSources dataSources, Breakers breakers, Bulkheads bulkheads, JdbcUrlPolicy urlPolicy,
			AccountPolicy accountPolicy, ManagedResources resources) {
		this.dataSources = dataSources;
		this.breakers = breakers;
		this.bulkheads = bulkheads;
		this.urlPolicy = urlPolicy;
		this.accountPolicy = accountPolicy;
		resources.register("datasource-pools", ShutdownOrder.DATASOURCE_POOLS, this::closeAll)
			.startWith(this::reopen);
	}

	/**
	 * The source's pool, opened if need be.
	 * @throws ApiException with {@code NOT_FOUND} when there is no such source
	 * @throws DataSourceUnavailable when the stored password cannot be opened
	 * @throws DataSourceRefused when today's rules refuse the stored source (H2, a parameter, a host)
	 * @throws ApiException with {@code SERVICE_UNAVAILABLE} once the pools have been shut down
	 */
	DataSourcePool pool(long id) {
		DataSourcePool pool = this.pools.get(id);
		return (pool != null) ? pool : open(id);
	}

	/** Tests the source's connection within its bounded wait; failures are reported, not thrown. */
	ConnectionCheck check(long id) {
		DataSourcePool pool;
		try {
			pool = pool(id);
		}
		catch (DataSourceRefused ex) {
			return ConnectionCheck.refused(ex.getMessage(), 0);
		}
		catch (DataSourceUnavailable ex) {
			return ConnectionCheck.failed(ex.getMessage(), 0);
		}
		return pool.check();
	}

	/**
	 * After the change committed: a pool opened before then was opened from the old definition,
	 * and the source's breaker judged the old settings (a corrected address must not wait out a
	 * breaker opened by the wrong one). Opening reads the definition under the same lock, so it
	 * cannot slip in between.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void onChange(DataSourceChanged changed) {
		DataSourcePool pool;
		synchronized (this.lock) {
			pool = this.pools.remove(changed.dataSourceId());
			this.breakers.forget(Breakers.dataSource(changed.dataSourceId()));
			this.bulkheads.remove(DataSourcePool.previewBulkheadName(changed.dataSourceId()));
		}
		if (pool != null) {
			pool.close();
		}
	}

	private DataSourcePool open(long id) {
		synchronized (this.lock) {
			DataSourcePool opened = this.pools.get(id);
			if (opened != null) {
				return opened;
			}
			if (this.closed) {
				throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
						"Lookout is shutting down: it queries no data source any more.", DataSourcePool.RETRY_AFTER);
			}
			DataSourceDefinition source = this.dataSources.get(id);
			// Checked on every open, not only on save: the source may predate a rule, or DNS may have moved.
			Optional<String> refusal = this.urlPolicy.refusalOfStored(source.kind(), source.jdbcUrl(),
					source.username());
			if (refusal.isPresent()) {
				throw new DataSourceRefused(source.name(), refusal.get());
			}
			Optional<String> password;
			try {
				password = this.dataSources.password(id);
			}
			catch (SecretNotOpened ex) {
				throw new DataSourceUnavailable(source.name(), "its stored password cannot be opened with SECRET_KEY"
						+ " or SECRET_KEY_PREVIOUS; enter the password again", DataSourcePool.RETRY_AFTER);
			}
			DataSourcePool pool = new DataSourcePool(source, password, this.bulkheads, this.accountPolicy);
			this.pools.put(id, pool);
			return pool;
		}
	}

	/** After a reload's close: each pool opens again when first needed. */
	private void reopen() {
		synchronized (this.lock) {
			this.closed = false;
		}
	}

	private void closeAll() {
		List<DataSourcePool> open;
		synchronized (this.lock) {
			this.closed = true;
			open = List.copyOf(this.pools.values());
			this.pools.clear();
		}
		open.forEach(DataSourcePool::close);
	}

}
