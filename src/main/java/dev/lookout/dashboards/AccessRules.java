package dev.lookout.dashboards;

import java.util.List;
import java.util.Set;

import dev.lookout.security.Groups;
import dev.lookout.security.Role;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The one place that decides who sees and edits which dashboard, beyond the roles the security
 * chain has already checked: pages, the dashboards API, result reads and their CSV, the event
 * stream, options, previews and exports all ask here. A dashboard a user may not see is
 * answered as if it did not exist (404), so its existence does not leak; one a user sees but may
 * not edit is refused with 403. Admins see and edit every dashboard.
 */
public final class AccessRules {

	private AccessRules() {
	}

	/** Whether the current user (or anonymous reader) may see a dashboard shared so. */
	public static boolean canView(Sharing sharing) {
		return canView(current(), sharing);
	}

	static boolean canView(Authentication user, Sharing sharing) {
		if (sharing.view().isEmpty()) {
			return true;
		}
		return isAdmin(user) || memberOfAny(user, sharing.view());
	}

	/** Whether the current user may change a dashboard shared so (the role rule aside, which the chain applies). */
	static boolean canEdit(Sharing sharing) {
		Authentication user = current();
		if (!canView(user, sharing)) {
			return false;
		}
		return sharing.edit().isEmpty() || isAdmin(user) || memberOfAny(user, sharing.edit());
	}

	/**
	 * @throws ApiException {@code NOT_FOUND} when the current user may not see the dashboard,
	 * {@code FORBIDDEN} when they see it but may not change it
	 */
	static void requireEdit(String what, Sharing sharing) {
		if (!canView(sharing)) {
			throw new ApiException(ErrorCode.NOT_FOUND, "There is no " + what + ".");
		}
		if (!canEdit(sharing)) {
			throw new ApiException(ErrorCode.FORBIDDEN, "You may see " + what
					+ " but not change it: its editors are the groups " + String.join(", ", sharing.edit()) + ".");
		}
	}

	static Authentication current() {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		return (user instanceof AnonymousAuthenticationToken) ? null : user;
	}

	private static boolean isAdmin(Authentication user) {
		return user != null && Role.of(user.getAuthorities()).anyMatch((role) -> role == Role.ADMIN);
	}

	private static boolean memberOfAny(Authentication user, List<String> groups) {
		Set<String> held = Groups.of(user);
		return groups.stream().anyMatch(held::contains);
	}

}
