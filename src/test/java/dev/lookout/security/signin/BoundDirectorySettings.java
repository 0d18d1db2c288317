package dev.lookout.security.signin;

import java.util.Map;

import dev.lookout.security.ApplicationEnvironment;

import org.springframework.boot.context.properties.bind.Binder;

/** The directory settings as the application binds them from the given variables. */
final class BoundDirectorySettings {

	private BoundDirectorySettings() {
	}

	static DirectorySettings of(Map<String, String> variables) {
		return Binder.get(ApplicationEnvironment.of(variables)).bindOrCreate("lookout.directory", DirectorySettings.class);
	}

}
