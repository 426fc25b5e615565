package dev.memstore.sandbox;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mount paths from store names, as the contract's slug rule makes them.
 */
@Tag("fast")
class MountPathsTest {

	@Test
	void slugOfTheContractsExamples() {
		assertThat(MountPaths.assign(List.of("Demo Memory", "User Preferences", "  ** ")))
			.containsExactly("/mnt/memory/demo-memory", "/mnt/memory/user-preferences", "/mnt/memory/store");
	}

	@Test
	void slugCollapsesRunsAndTrimsDashes() {
		assertThat(MountPaths.slug("--Hello,   World!!--")).isEqualTo("hello-world");
		assertThat(MountPaths.slug("a_b.c/d")).isEqualTo("a-b-c-d");
		assertThat(MountPaths.slug("Project 42")).isEqualTo("project-42");
		assertThat(MountPaths.slug("---")).isEqualTo("store");
		assertThat(MountPaths.slug("")).isEqualTo("store");
	}

	@Test
	void slugLowercasesAsciiOnly() {
		assertThat(MountPaths.slug("Café Notes")).isEqualTo("caf-notes");
		assertThat(MountPaths.slug("ÉTÉ")).isEqualTo("t");
		assertThat(MountPaths.slug("日本")).isEqualTo("store");
		// U+212A KELVIN SIGN lowercases to k in Unicode, but is not ASCII.
		assertThat(MountPaths.slug("\u212Aey")).isEqualTo("ey");
	}

	@Test
	void assignGivesLaterDuplicatesTheFirstFreeSuffix() {
		assertThat(MountPaths.assign(List.of("a", "A", "a-2"))).containsExactly("/mnt/memory/a", "/mnt/memory/a-2",
				"/mnt/memory/a-2-2");
		assertThat(MountPaths.assign(List.of("a-2", "a", "A", "a!"))).containsExactly("/mnt/memory/a-2",
				"/mnt/memory/a", "/mnt/memory/a-3", "/mnt/memory/a-4");
		assertThat(MountPaths.assign(List.of("Notes", "notes", "NOTES"))).containsExactly("/mnt/memory/notes",
				"/mnt/memory/notes-2", "/mnt/memory/notes-3");
	}

	@Test
	void assignOfNoStoresIsEmpty() {
		assertThat(MountPaths.assign(List.of())).isEmpty();
	}

}
