package dev.lookout.runtime;

import java.security.Principal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The controlled reload for API clients (admins; CSRF token in the header like every unsafe call),
 * and the state of the key rotation, which a deployment script can wait on before removing
 * {@code SECRET_KEY_PREVIOUS}, and the views with chosen values kept fresh.
 */
@RestController
class RuntimeApi {

	private final RuntimeView view;

	private final AdminReload reload;

	RuntimeApi(RuntimeView view, AdminReload reload) {
		this.view = view;
		this.reload = reload;
	}

	/** Returns once the resources are started again, with the report; 503 while starting or stopping. */
	@PostMapping("/api/admin/runtime/reload")
	RuntimeView.ReloadAnswer reload(Principal principal) {
		return RuntimeView.ReloadAnswer.of(this.reload.reload(principal, "api"));
	}

	/** The views with chosen values kept fresh here, {@code MAX_LIVE_VIEWS}, and their queries. */
	@GetMapping("/api/admin/runtime/views")
	RuntimeView.Views views() {
		return this.view.views();
	}

	@GetMapping("/api/admin/runtime/key-rotation")
	RuntimeView.KeyRotationAnswer keyRotation() {
		return this.view.keyRotation();
	}

}
