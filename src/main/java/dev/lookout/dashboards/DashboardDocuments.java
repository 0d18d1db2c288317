package dev.lookout.dashboards;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.DigestUtils;

/**
 * The dashboards API's JSON, serialized once per change of what it says rather than once per
 * request: the list and each dashboard as read, for the definitions held, whether changes can be
 * saved, and how current they are. Each comes with a strong ETag of its bytes. Written by the
 * application's mapper, so the answers are what the API wrote before.
 */
@Component
final class DashboardDocuments {

	private final JsonMapper json;

	private final Definitions definitions;

	/** Whether changes cannot be saved now ({@link ReadOnlyMode#active()}). */
	private final BooleanSupplier readOnly;

	private volatile Rendered rendered;

	@Autowired
	DashboardDocuments(JsonMapper json, Definitions definitions, ReadOnlyMode readOnly) {
		this(json, definitions, readOnly::active);
	}

	DashboardDocuments(JsonMapper json, Definitions definitions, BooleanSupplier readOnly) {
		this.json = json;
		this.definitions = definitions;
		this.readOnly = readOnly;
	}

	/**
	 * The list of the dashboards the current user may see (an array of {@link DashboardSummary}):
	 * one document for all while no dashboard is shared with named groups only, else one per
	 * distinct set of visible dashboards (as many as distinct group memberships, not users).
	 */
	Document list() {
		Rendered current = current();
		if (!current.snapshot.anyRestricted()) {
			return current.documents.computeIfAbsent("", (any) -> document(current.snapshot::summaries));
		}
		List<DashboardSummary> visible = current.snapshot.visibleSummaries();
		// Slugs are [a-z0-9-]: a space never occurs in one, and a list's key never names a dashboard.
		String key = " " + visible.stream().map(DashboardSummary::slug).collect(Collectors.joining(" "));
		return current.documents.computeIfAbsent(key, (any) -> document(() -> visible));
	}

	/**
	 * Dashboard {@code slug} as read, with {@code readOnly} and {@code definitionsAsOf}; empty if
	 * there is none or the current user may not see it.
	 */
	Optional<Document> dashboard(String slug) {
		Rendered current = current();
		Optional<Dashboard> dashboard = current.snapshot.dashboard(slug)
			.filter((found) -> AccessRules.canView(found.access()));
		// The list's key is empty, and a slug never is.
		return dashboard.map((found) -> current.documents.computeIfAbsent(slug,
				(key) -> document(() -> new DashboardRead(found, current.readOnly, current.asOf))));
	}

	/** The documents for what is shown now: the held ones, or new ones when any part changed. */
	private Rendered current() {
		DefinitionsSnapshot snapshot = this.definitions.snapshot();
		boolean readOnlyNow = this.readOnly.getAsBoolean();
		Instant asOf = this.definitions.asOf().orElse(null);
		Rendered current = this.rendered;
		if (current == null || !current.shows(snapshot, readOnlyNow, asOf)) {
			// Racing requests may each make one; either is right, and the last one stays.
			current = new Rendered(snapshot, readOnlyNow, asOf);
			this.rendered = current;
		}
		return current;
	}

	private Document document(Supplier<Object> value) {
		byte[] body = this.json.writeValueAsBytes(value.get());
		return new Document(body, "\"" + DigestUtils.md5DigestAsHex(body) + "\"");
	}

	/** A JSON answer and its strong ETag. */
	record Document(byte[] body, String etag) {
	}

	/** A dashboard as read: its fields, whether changes can be saved now, and how current it is. */
	record DashboardRead(@JsonUnwrapped Dashboard dashboard, boolean readOnly, Instant definitionsAsOf) {
	}

	/** The documents made for one snapshot, read-only state and as-of time, by slug ("" or " slugs…" for lists). */
	private record Rendered(DefinitionsSnapshot snapshot, boolean readOnly, Instant asOf,
			Map<String, Document> documents) {

		Rendered(DefinitionsSnapshot snapshot, boolean readOnly, Instant asOf) {
			this(snapshot, readOnly, asOf, new ConcurrentHashMap<>());
		}

		boolean shows(DefinitionsSnapshot snapshot, boolean readOnly, Instant asOf) {
			return this.snapshot == snapshot && this.readOnly == readOnly && Objects.equals(this.asOf, asOf);
		}

	}

}
