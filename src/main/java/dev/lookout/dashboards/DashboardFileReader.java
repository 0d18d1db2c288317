package dev.lookout.dashboards;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.lookout.datasource.DataSourceCatalog;
import dev.lookout.datasource.DataSourceSummary;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Reads a dashboard file ({@code kind: dashboard}): only the keys the format has, each of the
 * type it needs, data sources by name (resolved to their ids here, never an id in the file).
 * Refuses with the file's name, the line and the field; the definition's rules are left to
 * {@link DashboardImport}.
 */
@Component
class DashboardFileReader {

	static final String KIND = "dashboard";

	private static final Set<String> DASHBOARD_KEYS = Set.of("kind", "slug", "title", "description", "version",
			"variables", "timeRange", "access", "panels");

	private static final Set<String> PANEL_KEYS = Set.of("title", "dataSource", "sql", "visualization", "options",
			"refreshSeconds");

	private final DataSourceCatalog dataSources;

	DashboardFileReader(DataSourceCatalog dataSources) {
		this.dataSources = dataSources;
	}

	/** @throws FileRefused naming the line and the field of the first problem */
	DashboardFile read(String file, String text) {
		return read(YamlDocument.parse(file, text));
	}

	DashboardFile read(YamlDocument document) {
		requireKind(document, KIND);
		JsonNode root = document.root();
		onlyKeys(document, root, "", DASHBOARD_KEYS);
		Long version = root.hasNonNull("version") ? bind(document, root.get("version"), "version", Long.class) : null;
		List<Variable> variables = new ArrayList<>();
		List<JsonNode> declared = list(document, root, "variables");
		for (int i = 0; i < declared.size(); i++) {
			variables.add(variable(document, declared.get(i), "variables[" + i + "]"));
		}
		TimeRange timeRange = root.hasNonNull("timeRange")
				? bind(document, root.get("timeRange"), "timeRange", TimeRange.class) : null;
		Sharing access = root.hasNonNull("access") ? bind(document, root.get("access"), "access", Sharing.class)
				: Sharing.ROLES;
		List<PanelRequest> panels = new ArrayList<>();
		List<JsonNode> panelNodes = list(document, root, "panels");
		for (int i = 0; i < panelNodes.size(); i++) {
			panels.add(panel(document, panelNodes.get(i), "panels[" + i + "]"));
		}
		DashboardRequest dashboard = new DashboardRequest(scalar(document, root, "slug"),
				scalar(document, root, "title"), scalar(document, root, "description"), variables, timeRange, access,
				null);
		return new DashboardFile(document, version, dashboard, panels);
	}

	/** @throws FileRefused when the file's {@code kind} is missing or another */
	static void requireKind(YamlDocument document, String kind) {
		String declared = scalar(document, document.root(), "kind");
		if (declared == null) {
			throw document.refuse("kind", "is required: dashboard or datasource");
		}
		if (!declared.equals(kind)) {
			throw document.refuse("kind", "must be " + kind + " here, was '" + declared + "'");
		}
	}

	/** @throws FileRefused naming the first key the format does not have */
	static void onlyKeys(YamlDocument document, JsonNode node, String prefix, Set<String> keys) {
		for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext();) {
			String name = names.next();
			if (!keys.contains(name)) {
				throw document.refuse(prefix + name,
						"is not a key of this file; the keys are " + keys.stream().sorted().collect(Collectors.joining(", ")));
			}
		}
	}

	/** The scalar at {@code key} of the file's top mapping, as text; {@code null} when absent. */
	static String scalar(YamlDocument document, JsonNode node, String key) {
		JsonNode value = node.get(key);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isValueNode()) {
			throw document.refuse(key, "must be a single value, not a list or a mapping");
		}
		return value.asString();
	}

	/** {@code node} as a {@code type}; refused with the path Jackson names below {@code field}. */
	static <T> T bind(YamlDocument document, JsonNode node, String field, Class<T> type) {
		try {
			return YamlDocument.yaml.treeToValue(node, type);
		}
		catch (JacksonException ex) {
			StringBuilder path = new StringBuilder(field);
			for (JacksonException.Reference reference : ex.getPath()) {
				if (reference.getPropertyName() != null) {
					path.append('.').append(reference.getPropertyName());
				}
				else if (reference.getIndex() >= 0) {
					path.append('[').append(reference.getIndex()).append(']');
				}
			}
			throw document.refuse(path.toString(), "is invalid: " + ex.getOriginalMessage());
		}
	}

	private static List<JsonNode> list(YamlDocument document, JsonNode root, String key) {
		JsonNode value = root.get(key);
		if (value == null || value.isNull()) {
			return List.of();
		}
		if (!value.isArray()) {
			throw document.refuse(key, "must be a list");
		}
		List<JsonNode> items = new ArrayList<>();
		value.forEach(items::add);
		return items;
	}

	/** A variable in the API's shape, except that a query names its data source: {@code dataSource: <name>}. */
	private Variable variable(YamlDocument document, JsonNode node, String field) {
		if (!node.isObject()) {
			throw document.refuse(field, "must be a mapping");
		}
		ObjectNode copy = (ObjectNode) node.deepCopy();
		if (copy.get("optionsQuery") instanceof ObjectNode query) {
			String queryField = field + ".optionsQuery";
			if (query.has("dataSourceId")) {
				throw document.refuse(queryField + ".dataSourceId",
						"names a data source by id: name it instead, dataSource: <its name>");
			}
			JsonNode name = query.remove("dataSource");
			if (name == null || name.isNull()) {
				throw document.refuse(queryField, "needs dataSource: the name of the data source it reads");
			}
			query.put("dataSourceId", dataSourceId(document, name, queryField + ".dataSource"));
		}
		return bind(document, copy, field, Variable.class);
	}

	private PanelRequest panel(YamlDocument document, JsonNode node, String field) {
		if (!node.isObject()) {
			throw document.refuse(field, "must be a mapping");
		}
		onlyKeys(document, node, field + ".", PANEL_KEYS);
		ObjectNode copy = (ObjectNode) node.deepCopy();
		JsonNode name = copy.remove("dataSource");
		if (name == null || name.isNull()) {
			throw document.refuse(field, "needs dataSource: the name of the data source it queries");
		}
		copy.put("dataSourceId", dataSourceId(document, name, field + ".dataSource"));
		return bind(document, copy, field, PanelRequest.class);
	}

	private long dataSourceId(YamlDocument document, JsonNode name, String field) {
		if (!name.isValueNode()) {
			throw document.refuse(field, "must be the name of a data source");
		}
		return this.dataSources.findByName(name.asString())
			.map(DataSourceSummary::id)
			.orElseThrow(() -> document.refuse(field, "names no data source '" + name.asString() + "'; there are: "
					+ this.dataSources.all().stream().map(DataSourceSummary::name).collect(Collectors.joining(", "))));
	}

}
