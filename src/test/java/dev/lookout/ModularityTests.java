package dev.lookout;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/** Each top package is a module: no cycles, no reaching into another module's internals. */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(LookoutApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

}
