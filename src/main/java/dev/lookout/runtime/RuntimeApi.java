package dev.lookout.runtime;

import java.security.Principal;
import java.time.Duration;

import dev.lookout.lifecycle.ReloadReport;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The controlled reload for API clients (admins; CSRF token in the header like every unsafe call),
 * and the state of the key rotation, which a deployment script can wait on before removing
 * {@code SECRET_KEY_PREVIOUS}.
 */
@RestController
class RuntimeApi {

	private final RuntimeView view;

	RuntimeApi(RuntimeView view) {
		this.view = view;
	}

	/** Returns once the resources are started again, with the report; 503 while starting or stopping. */
	@PostMapping("/api/admin/runtime/reload")
	RuntimeView.ReloadAnswer reload(Principal principal) {
		return RuntimeView.ReloadAnswer.of(reload(this.view, principal));
	}

	@GetMapping("/api/admin/runtime/key-rotation")
	RuntimeView.KeyRotationAnswer keyRotation() {
		return this.view.keyRotation();
	}

	static ReloadReport reload(RuntimeView view, Principal principal) {
		try {
			return view.reload("asked by " + principal.getName());
		}
		catch (IllegalStateException ex) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Lookout cannot reload now: " + ex.getMessage() + ".",
					Duration.ofSeconds(5));
		}
	}

}
