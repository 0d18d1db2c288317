package dev.lookout.audit;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The admin page {@code /admin/audit}: the same filters as the API in a plain GET form, a table, and paging links. */
@Controller
class AuditPages {

	private static final String PATH = "/admin/audit";

	private final AuditLog log;

	AuditPages(AuditLog log) {
		this.log = log;
	}

	@GetMapping(PATH)
	String page(@RequestParam Map<String, String> parameters, Model model, HttpServletResponse response) {
		// What the admin typed goes back into the form, even when it is wrong.
		model.addAttribute("filters", parameters);
		model.addAttribute("problems", Map.of());
		AuditQuery query;
		try {
			query = AuditQuery.parse(parameters);
		}
		catch (InvalidAuditQuery ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problems", ex.fields());
			return "audit/page";
		}
		AuditLog.AuditPage page = this.log.find(query);
		model.addAttribute("entries", page.entries());
		model.addAttribute("nextUrl", link(query, "before", page.older()));
		model.addAttribute("previousUrl", link(query, "after", page.newer()));
		return "audit/page";
	}

	/** The same filters with another page position; {@code null} when there is no such page. */
	private static String link(AuditQuery query, String position, AuditCursor cursor) {
		if (cursor == null) {
			return null;
		}
		UriComponentsBuilder link = UriComponentsBuilder.fromPath(PATH);
		query.filters().forEach(link::queryParam);
		return link.queryParam(position, cursor.token()).encode().build().toUriString();
	}

}
