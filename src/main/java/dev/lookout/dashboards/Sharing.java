package dev.lookout.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Who may see and edit a dashboard beyond the roles: the directory groups named here. An empty
 * list leaves it to the roles (everyone who may read sees it, every editor edits it), as every
 * dashboard was before; a named list restricts it to members of those groups (admins always see
 * and edit every dashboard, so none is ever lost). {@link AccessRules} applies it.
 *
 * @param view groups whose members may see the dashboard; empty: everyone the roles allow
 * @param edit groups whose members may change it, among those who see it; empty: every editor
 */
public record Sharing(List<String> view, List<String> edit) {

	/** The rule of a dashboard that names no group. */
	public static final Sharing ROLES = new Sharing(List.of(), List.of());

	static final int MAX_GROUPS = 50;

	static final int GROUP_LENGTH = 100;

	public Sharing {
		view = normalized(view);
		edit = normalized(edit);
	}

	/** Whether it names any group. */
	@JsonIgnore
	public boolean restricted() {
		return !this.view.isEmpty() || !this.edit.isEmpty();
	}

	/** Every problem, by field ({@code access.view}); empty when valid. */
	Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		check("access.view", this.view, problems);
		check("access.edit", this.edit, problems);
		return problems;
	}

	private static void check(String field, List<String> groups, Map<String, String> problems) {
		if (groups.size() > MAX_GROUPS) {
			problems.put(field, "names at most " + MAX_GROUPS + " groups, but names " + groups.size());
			return;
		}
		for (String group : groups) {
			if (group.length() > GROUP_LENGTH || group.chars().anyMatch(Character::isISOControl)) {
				problems.put(field, "names a group longer than " + GROUP_LENGTH
						+ " characters or with control characters");
				return;
			}
		}
	}

	/** Stripped, without blanks and repeats, in the order given. */
	private static List<String> normalized(List<String> groups) {
		if (groups == null) {
			return List.of();
		}
		LinkedHashSet<String> kept = new LinkedHashSet<>();
		for (String group : groups) {
			if (group != null && !group.isBlank()) {
				kept.add(group.strip());
			}
		}
		return List.copyOf(new ArrayList<>(kept));
	}

}
