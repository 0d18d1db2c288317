package dev.lookout.datasource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Names, at start, each stored source that today's rules refuse (an H2 source an admin made
 * before H2 was refused, a parameter or host no longer allowed): it is never opened, its
 * panels show why, and the operator should hear of it before a user does.
 */
@Component
class RefusedSourcesReport {

	private static final Log logger = LogFactory.getLog(RefusedSourcesReport.class);

	private final DataSources dataSources;

	private final JdbcUrlPolicy urlPolicy;

	RefusedSourcesReport(DataSources dataSources, JdbcUrlPolicy urlPolicy) {
		this.dataSources = dataSources;
		this.urlPolicy = urlPolicy;
	}

	@EventListener(ApplicationReadyEvent.class)
	void report() {
		try {
			for (DataSourceDefinition source : this.dataSources.all()) {
				this.urlPolicy.refusalOfStored(source.kind(), source.jdbcUrl(), source.username())
					.ifPresent((reason) -> logger.warn("Data source '" + source.name() + "' (id " + source.id()
							+ ") is refused and will not be opened: " + reason + ". Its panels show this reason;"
							+ " an admin can point it at another database or delete it."));
			}
		}
		catch (RuntimeException ex) {
			// The application database may be down at start; the sources are checked again when opened.
			logger.warn("Could not list the data sources to report refused ones: " + ex.getMessage());
		}
	}

}
