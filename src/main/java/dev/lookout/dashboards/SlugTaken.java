package dev.lookout.dashboards;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/** Another dashboard already has the slug; slugs are its address, so they are unique. */
class SlugTaken extends ApiException {

	SlugTaken(String slug) {
		super(ErrorCode.CONFLICT, "The slug '" + slug + "' is taken by another dashboard: choose another.");
	}

}
