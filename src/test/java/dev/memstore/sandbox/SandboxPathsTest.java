package dev.memstore.sandbox;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Path resolution is lexical and never leaves a mount through {@code ..}.
 */
@Tag("fast")
class SandboxPathsTest {

	private static final Mount NOTES = new Mount("memstore_1", "Notes", "", "/mnt/memory/notes", false, null);

	private static final Mount DOCS = new Mount("memstore_2", "Docs", "", "/mnt/memory/docs", true, null);

	private static final List<Mount> MOUNTS = List.of(NOTES, DOCS);

	@Test
	void relativePathsResolveAgainstTheWorkingDirectory() {
		assertThat(resolve("notes/a.md")).isEqualTo(new Location.InMount("/mnt/memory/notes/a.md", NOTES, "/a.md"));
		assertThat(SandboxPaths.resolve("a.md", "/mnt/memory/notes/x", MOUNTS).path())
			.isEqualTo("/mnt/memory/notes/x/a.md");
		assertThat(resolve(".")).isEqualTo(new Location.MountsRoot("/mnt/memory"));
	}

	@Test
	void dotsAndEmptySegmentsAreNormalisedAway() {
		assertThat(resolve("/mnt/memory//notes/./a/../b.md"))
			.isEqualTo(new Location.InMount("/mnt/memory/notes/b.md", NOTES, "/b.md"));
		assertThat(resolve("/mnt/memory/notes/")).isEqualTo(new Location.InMount("/mnt/memory/notes", NOTES, "/"));
		assertThat(resolve("./notes/a/b/../../c.md").path()).isEqualTo("/mnt/memory/notes/c.md");
	}

	@Test
	void dotDotCannotLeaveAMount() {
		for (String escape : List.of("/mnt/memory/notes/..", "/mnt/memory/notes/../docs/x.md",
				"/mnt/memory/notes/a/../../docs", "notes/../../../etc/passwd", "/mnt/memory/notes/a/../../..")) {
			assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> resolve(escape))
				.withMessageContaining("Permission denied")
				.withMessageContaining("cannot leave the memory store mounted at /mnt/memory/notes");
		}
		assertThatExceptionOfType(SandboxException.class)
			.isThrownBy(() -> SandboxPaths.resolve("../docs", "/mnt/memory/notes", MOUNTS));
	}

	@Test
	void pathsOutsideTheMountsAreNeitherMountsNorHostPaths() {
		assertThat(resolve("/etc/passwd")).isEqualTo(new Location.Outside("/etc/passwd"));
		assertThat(resolve("..")).isEqualTo(new Location.Outside("/mnt"));
		assertThat(resolve("../../../../..")).isEqualTo(new Location.Outside("/"));
		assertThat(resolve("/mnt/memory/other/x.md")).isEqualTo(new Location.Unmounted("/mnt/memory/other/x.md"));
		assertThat(resolve("/mnt/memory/notes-archive/x.md")).isInstanceOf(Location.Unmounted.class);
		assertThat(resolve("/mnt/memoryx")).isInstanceOf(Location.Outside.class);
	}

	@Test
	void dotDotOutsideAnyMountIsPlainNormalisation() {
		assertThat(resolve("/mnt/memory/other/../notes/a.md"))
			.isEqualTo(new Location.InMount("/mnt/memory/notes/a.md", NOTES, "/a.md"));
		assertThat(resolve("/tmp/../mnt/memory/docs")).isEqualTo(new Location.InMount("/mnt/memory/docs", DOCS, "/"));
	}

	@Test
	void anEmptyPathNamesNothing() {
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> resolve(""))
			.withMessageContaining("No such file or directory");
	}

	@Test
	void mountPointPathsAndPrefixes() {
		Location.InMount root = (Location.InMount) resolve("/mnt/memory/notes");
		Location.InMount directory = (Location.InMount) resolve("/mnt/memory/notes/a/b");
		assertThat(root.isMountPoint()).isTrue();
		assertThat(root.directoryPrefix()).isEqualTo("/");
		assertThat(directory.directoryPrefix()).isEqualTo("/a/b/");
		assertThat(SandboxPaths.name("/mnt/memory/notes/a.md")).isEqualTo("a.md");
		assertThat(SandboxPaths.child("/mnt/memory", "notes")).isEqualTo("/mnt/memory/notes");
		assertThat(SandboxPaths.child("./", "a")).isEqualTo("./a");
	}

	private static Location resolve(String path) {
		return SandboxPaths.resolve(path, SandboxPaths.HOME, MOUNTS);
	}

}
