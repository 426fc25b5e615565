package dev.memstore.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bash subset's rules on stores held in memory: what each command prints, refuses and
 * changes.
 */
class BashRulesTest extends InMemorySandboxSupport {

	@Test
	void mvRefusesImpossibleMovesWithoutChangingAnything() {
		Mount notes = mount("Notes", false);
		memory(notes, "/dir/a.md", "a");
		memory(notes, "/file.md", "f");

		assertThat(bash("mv notes/dir notes/dir/sub").text()).contains("subdirectory of itself");
		assertThat(bash("mv notes/dir notes/file.md").text()).contains("Not a directory");
		assertThat(bash("mv notes/missing.md notes/x.md").text()).contains("No such file or directory");
		assertThat(bash("mv notes notes-2").text()).contains("Device or resource busy");
		assertThat(contents(notes)).containsOnlyKeys("/dir/a.md", "/file.md");
	}

	@Test
	void unsupportedCommandsAreRefusedBeforeAnythingRuns() {
		Mount notes = mount("Notes", false);

		ToolResult result = bash("echo hi > notes/a.md; curl https://example.com");

		assertThat(result.isError()).isTrue();
		assertThat(result.text()).contains("curl: command not available in the memstore sandbox")
			.contains("ls, cat, head, tail, wc, find, grep");
		assertThat(contents(notes)).isEmpty();
		assertThat(bash("sudo rm -rf /").text()).contains("not available in the memstore sandbox");
		assertThat(bash("echo $(whoami)").text()).contains("not available in the memstore sandbox");
		assertThat(bash("python3 -c 'print(1)'").text()).contains("not available in the memstore sandbox");
	}

	@Test
	void lsListsMountsDirectoriesAndFiles() {
		Mount notes = mount("Notes", false);
		mount("Team Docs", true);
		memory(notes, "/a.md", "hello");
		memory(notes, "/.hidden", "h");
		memory(notes, "/projects/x.md", "x");

		assertThat(bash("ls").text()).isEqualTo("notes\nteam-docs");
		assertThat(bash("ls /mnt/memory/notes").text()).isEqualTo("a.md\nprojects");
		assertThat(bash("ls -a notes").text()).isEqualTo(".\n..\n.hidden\na.md\nprojects");
		assertThat(bash("ls -F notes notes/a.md").text()).isEqualTo("notes/a.md\n\nnotes:\na.md\nprojects/");
		String longListing = bash("ls -la /mnt/memory/notes/").text();
		assertThat(longListing).contains("-rw-r--r-- 1 agent agent 5 ")
			.contains(" a.md")
			.contains("drwxr-xr-x 1 agent agent 0 -                projects");
		assertThat(bash("ls notes/missing").text())
			.isEqualTo("ls: cannot access 'notes/missing': No such file or directory");
		assertThat(bash("ls -R notes").text()).isEqualTo("notes:\na.md\nprojects\n\nnotes/projects:\nx.md");
	}

	@Test
	void catHeadTailAndWcReadFiles() {
		Mount notes = mount("Notes", false);
		memory(notes, "/n.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n");
		memory(notes, "/w.txt", "one two\nthree");

		assertThat(bash("cd notes; cat w.txt").text()).isEqualTo("one two\nthree");
		assertThat(bash("cat -n notes/w.txt").text()).isEqualTo("     1\tone two\n     2\tthree");
		assertThat(bash("head -n 2 notes/n.txt").text()).isEqualTo("1\n2");
		assertThat(bash("head -3 notes/n.txt").text()).isEqualTo("1\n2\n3");
		assertThat(bash("tail -n 2 notes/n.txt").text()).isEqualTo("11\n12");
		assertThat(bash("tail -n +11 notes/n.txt").text()).isEqualTo("11\n12");
		assertThat(bash("wc -l notes/n.txt").text()).isEqualTo("12 notes/n.txt");
		assertThat(bash("wc notes/w.txt").text()).isEqualTo(" 1  3 13 notes/w.txt");
		assertThat(bash("cat notes/*.txt | wc -l").text()).isEqualTo("13");
		assertThat(bash("head -n 1 notes/n.txt notes/w.txt").text())
			.isEqualTo("==> notes/n.txt <==\n1\n\n==> notes/w.txt <==\none two");
		assertThat(bash("cat notes/nope.txt").text()).isEqualTo("cat: notes/nope.txt: No such file or directory");
		assertThat(bash("cat notes").text()).isEqualTo("cat: notes: Is a directory");
	}

	@Test
	void findWalksTheImpliedDirectories() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");
		memory(notes, "/p/b.md", "b");
		memory(notes, "/p/q/c.txt", "c");

		assertThat(bash("find /mnt/memory/notes").text())
			.isEqualTo("/mnt/memory/notes\n/mnt/memory/notes/a.md\n/mnt/memory/notes/p\n/mnt/memory/notes/p/b.md\n"
					+ "/mnt/memory/notes/p/q\n/mnt/memory/notes/p/q/c.txt");
		assertThat(bash("find . -name '*.md' -type f").text()).isEqualTo("./notes/a.md\n./notes/p/b.md");
		assertThat(bash("cd notes && find . -type d").text()).isEqualTo(".\n./p\n./p/q");
		assertThat(bash("find notes -maxdepth 1 -not -name '*.md'").text()).isEqualTo("notes\nnotes/p");
		assertThat(bash("find notes -path '*/q/*'").text()).isEqualTo("notes/p/q/c.txt");
		assertThat(bash("find notes -exec cat {} ;").text()).contains("-exec not available in the memstore sandbox");
	}

	@Test
	void grepSearchesFilesAndDirectories() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "Alpha\nbeta\n");
		memory(notes, "/sub/b.md", "beta two\ngamma\n");
		memory(notes, "/c.txt", "beta txt\n");

		assertThat(bash("grep -rn beta /mnt/memory/notes").text()).isEqualTo(
				"/mnt/memory/notes/a.md:2:beta\n/mnt/memory/notes/c.txt:1:beta txt\n/mnt/memory/notes/sub/b.md:1:beta two");
		assertThat(bash("grep -ril alpha notes").text()).isEqualTo("notes/a.md");
		assertThat(bash("grep -r --include='*.md' -c beta notes").text()).isEqualTo("notes/a.md:1\nnotes/sub/b.md:1");
		assertThat(bash("grep gamma notes/sub/b.md").text()).isEqualTo("gamma");
		assertThat(bash("grep -E 'two|txt' -o notes/sub/b.md notes/c.txt").text())
			.isEqualTo("notes/sub/b.md:two\nnotes/c.txt:txt");
		assertThat(bash("cat notes/a.md | grep -v beta").text()).isEqualTo("Alpha");
		ToolResult none = bash("grep zeta notes/a.md");
		assertThat(none.isError()).isTrue();
		assertThat(none.text()).isEqualTo("exit status 1");
		assertThat(bash("grep beta notes").text()).isEqualTo("grep: notes: Is a directory");
	}

	@Test
	void listsRedirectionsAndWildcardsWorkTogether() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");
		memory(notes, "/b.md", "b");

		assertThat(bash("ls notes/missing 2>/dev/null || echo 'no such note'").text()).isEqualTo("no such note");
		assertThat(bash("cat notes/missing 2>&1 | wc -l").text()).isEqualTo("1");
		assertThat(bash("true && false || echo recovered; pwd").text()).isEqualTo("recovered\n/mnt/memory");
		assertThat(bash("echo /mnt/memory/notes/*.md").text())
			.isEqualTo("/mnt/memory/notes/a.md /mnt/memory/notes/b.md");
		assertThat(bash("echo notes/*.none").text()).isEqualTo("notes/*.none");
		assertThat(bash("cp notes/a.md notes/c.md && touch notes/d.md && mkdir -p notes/e && ls notes").text())
			.isEqualTo("a.md\nb.md\nc.md\nd.md");
		assertThat(contents(notes)).containsEntry("/c.md", "a").containsEntry("/d.md", "");
	}

	@Test
	void longOutputIsCutWithAMarker() {
		Mount notes = mount("Notes", false);
		memory(notes, "/big.md", "x".repeat(60_000));

		ToolResult result = bash("cat notes/big.md notes/big.md notes/big.md");

		assertThat(result.isError()).isFalse();
		assertThat(result.text()).startsWith("x".repeat(100_000))
			.endsWith("[output truncated: 80000 more characters not shown]");
	}

	@Test
	void cdStaysInsideTheMemoryMounts() {
		mount("Notes", false);

		assertThat(bash("cd notes && pwd").text()).isEqualTo("/mnt/memory/notes");
		assertThat(bash("cd /tmp").text()).isEqualTo("bash: cd: /tmp: No such file or directory");
		assertThat(bash("pwd").text()).isEqualTo("/mnt/memory");
	}

}
