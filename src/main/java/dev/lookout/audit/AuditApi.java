package dev.lookout.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/audit} for admins (SecurityConfiguration): filtered entries, newest first, a page at a time. */
@RestController
class AuditApi {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AuditLog log;

	AuditApi(AuditLog log) {
		this.log = log;
	}

	@GetMapping("/api/audit")
	@Parameter(in = ParameterIn.QUERY, name = "actor", description = "Who acted")
	@Parameter(in = ParameterIn.QUERY, name = "action", description = "An action, or a prefix ending with '.' (login.)")
	@Parameter(in = ParameterIn.QUERY, name = "subjectType")
	@Parameter(in = ParameterIn.QUERY, name = "subjectId")
	@Parameter(in = ParameterIn.QUERY, name = "from", description = "Entries at or after this instant (ISO-8601)")
	@Parameter(in = ParameterIn.QUERY, name = "to", description = "Entries before this instant (ISO-8601)")
	@Parameter(in = ParameterIn.QUERY, name = "limit", description = "Entries a page, " + AuditQuery.DEFAULT_LIMIT
			+ " unless given, at most " + AuditQuery.MAX_LIMIT)
	@Parameter(in = ParameterIn.QUERY, name = "before", description = "The answer's next: the older entries")
	@Parameter(in = ParameterIn.QUERY, name = "after", description = "The answer's previous: the newer entries")
	Answer entries(@Parameter(hidden = true) @RequestParam Map<String, String> parameters) {
		AuditQuery query = AuditQuery.parse(parameters);
		AuditLog.AuditPage page = this.log.find(query);
		return new Answer(page.entries().stream().map(AuditApi::entry).toList(), token(page.older()),
				token(page.newer()), query.limit());
	}

	private static Entry entry(AuditLog.AuditEntry entry) {
		return new Entry(entry.id(), entry.occurredAt(), entry.actor(), entry.action(), entry.subjectType(),
				entry.subjectId(), details(entry.details()));
	}

	/** An object for clients to read, not a string to parse again; text that is not JSON stays text. */
	private static JsonNode details(String details) {
		if (details == null) {
			return null;
		}
		try {
			return json.readTree(details);
		}
		catch (JacksonException ex) {
			return StringNode.valueOf(details);
		}
	}

	private static String token(AuditCursor cursor) {
		return (cursor != null) ? cursor.token() : null;
	}

	/**
	 * @param next pass as {@code before} for the older entries; {@code null} on the last page
	 * @param previous pass as {@code after} for the newer entries; {@code null} on the first page
	 */
	record Answer(List<Entry> entries, String next, String previous, int limit) {
	}

	record Entry(long id, Instant occurredAt, String actor, String action, String subjectType, String subjectId,
			JsonNode details) {
	}

}
