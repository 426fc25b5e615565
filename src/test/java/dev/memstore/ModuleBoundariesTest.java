package dev.memstore;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The modules of memstore depend on each other only through their public services and
 * records, only on the modules each declares in its {@code package-info.java}
 * ({@code @ApplicationModule(allowedDependencies = …)}), and without cycles.
 */
class ModuleBoundariesTest {

	@Test
	void modulesUseOnlyTheModulesTheyDeclareThroughTheirPublicTypesWithoutCycles() {
		ApplicationModules.of(MemstoreApplication.class).verify();
	}

}
