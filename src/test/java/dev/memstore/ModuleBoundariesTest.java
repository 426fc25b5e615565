package dev.memstore;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The modules of memstore depend on each other only through their public services and
 * records, without cycles.
 */
class ModuleBoundariesTest {

	@Test
	void modulesOnlyUseEachOthersPublicApiAndFormNoCycles() {
		ApplicationModules.of(MemstoreApplication.class).verify();
	}

}
