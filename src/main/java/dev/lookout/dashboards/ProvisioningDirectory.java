package dev.lookout.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import dev.lookout.database.DatabaseMigrations;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.security.Role;
import dev.lookout.web.ApiException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Reads the provisioning directory ({@code DASHBOARDS_DIR}) and applies its files: every
 * {@code *.yaml} and {@code *.yml}, data sources first, then dashboards, each in its own
 * transaction with the import's rules but without the version check (the files win). A bad file
 * is logged with its name, line and reason and skipped, nothing of it applied; the others are
 * applied still. Each change is audited as {@code provisioning:<file>}. A file removed from the
 * directory leaves what it created in place.
 */
final class ProvisioningDirectory {

	static final String ACTOR_PREFIX = "provisioning:";

	private static final Log logger = LogFactory.getLog(ProvisioningDirectory.class);

	private final Path directory;

	private final DashboardFileReader dashboardFiles;

	private final DataSourceFileReader dataSourceFiles;

	private final DashboardImport imports;

	private final DataSourceProvisioning dataSources;

	private final DatabaseMigrations migrations;

	private final Clock clock;

	private volatile ProvisioningReport last;

	ProvisioningDirectory(Path directory, DashboardFileReader dashboardFiles, DataSourceFileReader dataSourceFiles,
			DashboardImport imports, DataSourceProvisioning dataSources, DatabaseMigrations migrations, Clock clock) {
		this.directory = directory;
		this.dashboardFiles = dashboardFiles;
		this.dataSourceFiles = dataSourceFiles;
		this.imports = imports;
		this.dataSources = dataSources;
		this.migrations = migrations;
		this.clock = clock;
	}

	/** The last read's outcomes, file by file; empty before the first. */
	Optional<ProvisioningReport> last() {
		return Optional.ofNullable(this.last);
	}

	Path directory() {
		return this.directory;
	}

	/** Applies every file of the directory; one read at a time. Nothing before the migrations are done. */
	synchronized ProvisioningReport applyAll() {
		if (!this.migrations.done()) {
			logger.info("Provisioning directory " + this.directory + " not read: the application database is not"
					+ " migrated yet");
			return this.last;
		}
		List<ProvisioningReport.FileOutcome> outcomes = new ArrayList<>();
		List<YamlDocument> dashboards = new ArrayList<>();
		for (Path path : files(outcomes)) {
			String name = path.getFileName().toString();
			try {
				YamlDocument document = YamlDocument.parse(name, Files.readString(path));
				String kind = DashboardFileReader.scalar(document, document.root(), "kind");
				if (DataSourceFileReader.KIND.equals(kind)) {
					outcomes.add(as(name, () -> dataSource(document)));
				}
				else if (DashboardFileReader.KIND.equals(kind)) {
					dashboards.add(document);
				}
				else {
					throw document.refuse("kind", (kind == null) ? "is required: dashboard or datasource"
							: "must be dashboard or datasource, was '" + kind + "'");
				}
			}
			catch (IOException | RuntimeException ex) {
				outcomes.add(failed(name, "unknown", ex));
			}
		}
		for (YamlDocument document : dashboards) {
			outcomes.add(as(document.file(), () -> dashboard(document)));
		}
		ProvisioningReport report = new ProvisioningReport(this.directory, this.clock.instant(), outcomes);
		this.last = report;
		logger.info("Provisioning directory " + this.directory + " applied: " + outcomes.stream()
			.map((outcome) -> outcome.file() + " " + outcome.outcome())
			.toList());
		return report;
	}

	private ProvisioningReport.FileOutcome dataSource(YamlDocument document) {
		ProvisionedDataSource declared = this.dataSourceFiles.read(document);
		DataSourceProvisioning.Applied applied = this.dataSources.apply(declared, document.file());
		return new ProvisioningReport.FileOutcome(document.file(), DataSourceFileReader.KIND,
				applied.outcome().name().toLowerCase(Locale.ROOT), null);
	}

	private ProvisioningReport.FileOutcome dashboard(YamlDocument document) {
		DashboardImport.Imported imported = this.imports.apply(this.dashboardFiles.read(document), document.file());
		return new ProvisioningReport.FileOutcome(document.file(), DashboardFileReader.KIND, imported.outcome().json(),
				null);
	}

	/** Applies one file as {@code provisioning:<file>}, an admin (who may set any access); a failure is its outcome. */
	private ProvisioningReport.FileOutcome as(String file, java.util.function.Supplier<ProvisioningReport.FileOutcome> apply) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(ACTOR_PREFIX + file, null,
					List.of(new SimpleGrantedAuthority(Role.ADMIN.authority()))));
		try {
			return apply.get();
		}
		catch (RuntimeException ex) {
			return failed(file, "unknown", ex);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private ProvisioningReport.FileOutcome failed(String file, String kind, Exception ex) {
		if (ex instanceof FileRefused refused) {
			logger.warn("Provisioning file refused, nothing of it applied: "
					+ FileRefused.describe(refused.file(), refused.line(), refused.field(), refused.reason()));
			return new ProvisioningReport.FileOutcome(file, kind, "refused",
					FileRefused.describe(refused.file(), refused.line(), refused.field(), refused.reason()));
		}
		String reason = (ex instanceof ApiException api) ? api.getMessage() : ex.toString();
		logger.warn("Provisioning file " + file + " not applied: " + reason, (ex instanceof ApiException) ? null : ex);
		return new ProvisioningReport.FileOutcome(file, kind, "failed", reason);
	}

	/** The directory's YAML files by name; none, and a failed outcome, when it cannot be listed. */
	private List<Path> files(List<ProvisioningReport.FileOutcome> outcomes) {
		try (Stream<Path> listed = Files.list(this.directory)) {
			return listed.filter(Files::isRegularFile).filter((path) -> {
				String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
				return name.endsWith(".yaml") || name.endsWith(".yml");
			}).sorted().toList();
		}
		catch (IOException | RuntimeException ex) {
			outcomes.add(failed(this.directory.toString(), "directory", ex));
			return List.of();
		}
	}

}
