package dev.lookout.dashboards;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import dev.lookout.datasource.DataSourceSummary;
import dev.lookout.variables.Variable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import org.springframework.stereotype.Component;

/**
 * Writes a dashboard as a dashboard file ({@code kind: dashboard}), which
 * {@link DashboardFileReader} reads back to the same definition: data sources by name, never an
 * id, a URL or a secret; no ids, timestamps or authors; its {@code version}, for the conflict rule
 * of a later import. Read from the read model, like every view of a dashboard.
 */
@Component
class DashboardExport {

	private static final YAMLMapper yaml = YAMLMapper.builder()
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		// A long query stays on one line: diffs of the file show what changed.
		.disable(YAMLWriteFeature.SPLIT_LINES)
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		.enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
		.enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
		.build();

	private final Definitions definitions;

	DashboardExport(Definitions definitions) {
		this.definitions = definitions;
	}

	String yaml(Dashboard dashboard) {
		LongFunction<String> names = names(this.definitions.dataSources());
		ObjectNode file = yaml.createObjectNode();
		file.put("kind", DashboardFileReader.KIND);
		file.put("slug", dashboard.slug());
		file.put("title", dashboard.title());
		file.put("description", dashboard.description());
		file.put("version", dashboard.version());
		if (!dashboard.variables().isEmpty()) {
			List<JsonNode> variables = new ArrayList<>();
			for (Variable variable : dashboard.variables()) {
				variables.add(variable(variable, names));
			}
			file.putArray("variables").addAll(variables);
		}
		if (dashboard.timeRange() != null) {
			file.set("timeRange", yaml.valueToTree(dashboard.timeRange()));
		}
		if (dashboard.access().restricted()) {
			file.set("access", yaml.valueToTree(dashboard.access()));
		}
		List<JsonNode> panels = new ArrayList<>();
		for (Panel panel : dashboard.panels()) {
			ObjectNode node = yaml.createObjectNode();
			node.put("title", panel.title());
			node.put("dataSource", names.apply(panel.dataSourceId()));
			node.put("sql", panel.sql());
			node.put("visualization", panel.visualization().id());
			JsonNode options = pruned(yaml.valueToTree(panel.options()));
			if (!options.isEmpty()) {
				node.set("options", options);
			}
			node.put("refreshSeconds", panel.refreshSeconds());
			panels.add(node);
		}
		file.putArray("panels").addAll(panels);
		return yaml.writeValueAsString(file);
	}

	/** The API's shape, without empty values, its query's data source by name. */
	private static JsonNode variable(Variable variable, LongFunction<String> names) {
		ObjectNode node = (ObjectNode) pruned(yaml.valueToTree(variable));
		if (variable.optionsQuery() != null) {
			ObjectNode query = yaml.createObjectNode();
			query.put("dataSource", names.apply(variable.optionsQuery().dataSourceId()));
			query.put("sql", variable.optionsQuery().sql());
			query.put("refreshSeconds", variable.optionsQuery().refreshSeconds());
			node.set("optionsQuery", query);
		}
		return node;
	}

	/** Without nulls and empty lists: absent, they read back as the same. */
	private static JsonNode pruned(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (Iterator<Map.Entry<String, JsonNode>> entries = object.properties().iterator(); entries.hasNext();) {
				JsonNode value = entries.next().getValue();
				if (value.isNull() || (value.isArray() && value.isEmpty())) {
					entries.remove();
				}
			}
		}
		return node;
	}

	private static LongFunction<String> names(List<DataSourceSummary> sources) {
		return (id) -> sources.stream()
			.filter((source) -> source.id() == id)
			.map(DataSourceSummary::name)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no data source " + id + " in the definitions"));
	}

}
