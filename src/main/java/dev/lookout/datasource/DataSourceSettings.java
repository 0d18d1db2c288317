package dev.lookout.datasource;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where data sources may point and which accounts they may use.
 *
 * @param allowedHosts {@code DATASOURCE_ALLOWED_HOSTS}, comma-separated host names,
 * {@code *.domain} wildcards, addresses and CIDR blocks; blank allows any host
 * @param allowPrivileged {@code ALLOW_PRIVILEGED_DATASOURCES}: whether an account that can
 * reach the database server's files (a superuser, {@code pg_read_server_files}, MariaDB's
 * {@code FILE}...) is accepted; unset means accepted everywhere but in production
 */
@ConfigurationProperties("lookout.datasource")
record DataSourceSettings(String allowedHosts, Boolean allowPrivileged) {

	DataSourceSettings {
		// Parsed once here so that a bad entry stops startup with its name, not the first save.
		try {
			AllowedHosts.parse(allowedHosts);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(AllowedHosts.VARIABLE + ": " + ex.getMessage(), ex);
		}
	}

	AllowedHosts hosts() {
		return AllowedHosts.parse(this.allowedHosts);
	}

}
