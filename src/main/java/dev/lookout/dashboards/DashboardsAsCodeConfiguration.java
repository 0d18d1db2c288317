package dev.lookout.dashboards;

import java.time.Clock;

import dev.lookout.database.DatabaseMigrations;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The provisioning directory, when {@code DASHBOARDS_DIR} is set: read once the application
 * database is migrated (at start, or when it first answers after a start without it), and again
 * on each reload; its last outcomes in the {@code provisioning} health component.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvisioningSettings.class)
@ConditionalOnExpression("!'${lookout.dashboards.dir:}'.isBlank()")
class DashboardsAsCodeConfiguration {

	@Bean
	ProvisioningDirectory provisioningDirectory(ProvisioningSettings settings, DashboardFileReader dashboardFiles,
			DataSourceFileReader dataSourceFiles, DashboardImport imports, DataSourceProvisioning dataSources,
			DatabaseMigrations migrations, Clock clock, ManagedResources resources) {
		ProvisioningDirectory directory = new ProvisioningDirectory(settings.directory().orElseThrow(), dashboardFiles,
				dataSourceFiles, imports, dataSources, migrations, clock);
		resources.register("dashboards-directory", ShutdownOrder.DASHBOARDS_DIRECTORY, () -> {
		}).startWith(directory::applyAll);
		return directory;
	}

	@Bean
	ApplicationRunner provisioningAtStart(ProvisioningDirectory directory, DatabaseMigrations migrations) {
		return (arguments) -> migrations.whenDone(directory::applyAll);
	}

	@Bean
	ProvisioningHealthIndicator provisioningHealthIndicator(ProvisioningDirectory directory) {
		return new ProvisioningHealthIndicator(directory);
	}

}
