package dev.lookout.runtime;

import java.security.Principal;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The controlled reload for API clients (admins; CSRF token in the header like every unsafe call). */
@RestController
class RuntimeApi {

	private final AdminReload reload;

	RuntimeApi(AdminReload reload) {
		this.reload = reload;
	}

	/** Returns once the resources are started again, with the report; 503 while starting or stopping. */
	@PostMapping("/api/admin/runtime/reload")
	RuntimeView.ReloadAnswer reload(Principal principal) {
		return RuntimeView.ReloadAnswer.of(this.reload.reload(principal, "api"));
	}

}
