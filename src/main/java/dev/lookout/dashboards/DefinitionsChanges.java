package dev.lookout.dashboards;

import dev.lookout.datasource.DataSourceChanged;

import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Marks each change to the definitions: raises their version in the change's transaction, and
 * once it commits has the read model read them again (once per transaction, however many changes
 * it made). Written with a transaction synchronization rather than an after-commit event listener
 * because it must run once per transaction, not once per event.
 */
final class DefinitionsChanges {

	private final Dashboards dashboards;

	private final DefinitionsSync sync;

	DefinitionsChanges(Dashboards dashboards, DefinitionsSync sync) {
		this.dashboards = dashboards;
		this.sync = sync;
	}

	/** Called by every change to dashboards and panels, in its transaction. */
	void record() {
		this.dashboards.raiseDefinitionsVersion();
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.sync.changed();
			return;
		}
		if (!TransactionSynchronizationManager.hasResource(this)) {
			TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(DefinitionsChanges.this);
					if (status == STATUS_COMMITTED) {
						DefinitionsChanges.this.sync.changed();
					}
				}
			});
		}
	}

	/** Data sources are part of the definitions too (their names and kinds). */
	@EventListener
	void dataSourceChanged(DataSourceChanged change) {
		record();
	}

}
