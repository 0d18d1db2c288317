package dev.lookout.dashboards;

import java.time.Instant;
import java.util.List;

import dev.lookout.dashboards.DashboardDocuments.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboards API's JSON is made once per change of what it says, not once per request. */
class DashboardDocumentsTest {

	private final Definitions definitions = new Definitions((event) -> {
	});

	private boolean readOnly;

	private final DashboardDocuments documents = new DashboardDocuments(JsonMapper.builder().build(), this.definitions,
			() -> this.readOnly);

	@Test
	void theSameAnswerIsServedUntilTheDefinitionsTheStateOrTheirAgeChange() {
		Instant first = Instant.parse("2026-12-03T10:00:00Z");
		this.definitions.replace(snapshot(1, "Shop"), Definitions.Origin.DATABASE, first);
		Document list = this.documents.list();
		Document shop = this.documents.dashboard("shop").orElseThrow();
		assertThat(this.documents.list()).isSameAs(list);
		assertThat(this.documents.dashboard("shop")).containsSame(shop);
		assertThat(new String(shop.body())).contains("\"title\":\"Shop\"", "\"readOnly\":false",
				"\"definitionsAsOf\":\"2026-12-03T10:00:00Z\"");
		assertThat(this.documents.dashboard("nope")).isEmpty();

		this.readOnly = true;
		Document readOnlyShop = this.documents.dashboard("shop").orElseThrow();
		assertThat(new String(readOnlyShop.body())).contains("\"readOnly\":true");
		assertThat(readOnlyShop.etag()).isNotEqualTo(shop.etag());

		this.definitions.confirm(1, first.plusSeconds(5));
		assertThat(new String(this.documents.dashboard("shop").orElseThrow().body()))
			.contains("\"definitionsAsOf\":\"2026-12-03T10:00:05Z\"");

		this.definitions.replace(snapshot(2, "Shop renamed"), Definitions.Origin.DATABASE, first.plusSeconds(6));
		assertThat(new String(this.documents.list().body())).contains("Shop renamed");
		assertThat(this.documents.list().etag()).isNotEqualTo(list.etag());
	}

	private static DefinitionsSnapshot snapshot(long version, String title) {
		Instant at = Instant.parse("2026-12-03T09:00:00Z");
		Dashboard shop = new Dashboard(1, "shop", title, "", List.of(), null, null, version, at, at, "ada", null, List.of());
		return new DefinitionsSnapshot(version, Instant.parse("2026-12-03T10:00:00Z"), List.of(shop), List.of());
	}

}
