package dev.lookout.datasource;

import dev.lookout.system.AppMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The rules for where data sources may point and which accounts they may use, from {@link DataSourceSettings}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataSourceSettings.class)
class DataSourceConfiguration {

	private static final Log logger = LogFactory.getLog(DataSourceConfiguration.class);

	@Bean
	JdbcUrlPolicy jdbcUrlPolicy(DataSourceSettings settings, ObjectProvider<EmbeddedDataSource> embedded,
			Environment environment) {
		AllowedHosts hosts = settings.hosts();
		if (hosts.allowsAny() && AppMode.of(environment) == AppMode.PRODUCTION) {
			logger.warn(AllowedHosts.VARIABLE + " is not set: data sources may point at any host, so an admin session"
					+ " (or a stolen one) can use Test connection to probe the internal network. List the database"
					+ " hosts or networks, for example " + AllowedHosts.VARIABLE + "=db.internal,10.20.0.0/16.");
		}
		return new JdbcUrlPolicy(hosts, embedded.orderedStream().toList());
	}

	@Bean
	AccountPolicy accountPolicy(DataSourceSettings settings, Environment environment) {
		// Unset: a developer's local superuser is fine, production's is not.
		boolean allow = (settings.allowPrivileged() != null) ? settings.allowPrivileged()
				: AppMode.of(environment) != AppMode.PRODUCTION;
		return new AccountPolicy(allow);
	}

}
