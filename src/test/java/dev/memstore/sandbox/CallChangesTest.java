package dev.memstore.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's changes on stores held in memory: later commands see earlier ones, and a
 * command refused part way undoes only itself.
 */
class CallChangesTest extends InMemorySandboxSupport {

	@Test
	void aCallSeesItsOwnChangesInEveryLaterCommand() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");
		memory(notes, "/c.md", "c");
		memory(notes, "/d/e.md", "e\n");

		ToolResult result = bash("cd notes && echo b > b.md && rm c.md && mv d f && echo more >> b.md"
				+ " && ls && cat b.md && find . -type f && ls f && cat f/e.md && grep -r e f");

		assertThat(result.isError()).as(result.text()).isFalse();
		assertThat(result.text()).isEqualTo("""
				a.md
				b.md
				f
				b
				more
				./a.md
				./b.md
				./f/e.md
				e.md
				e
				f/e.md:e""");
		assertThat(contents(notes)).containsOnlyKeys("/a.md", "/b.md", "/f/e.md").containsEntry("/b.md", "b\nmore\n");
	}

	@Test
	void aCommandRefusedPartWayUndoesItselfOnlyAndTheCallGoesOn() {
		Mount notes = mount("Notes", false);
		memory(notes, "/src/one.md", "1");
		memory(notes, "/src/" + "x".repeat(200) + ".md", "2");
		String longName = "/mnt/memory/notes/" + "y".repeat(900);

		ToolResult result = bash("cd notes && echo kept > kept.md; cp -r src " + longName + "; ls");

		assertThat(result.text()).contains("cp: cannot copy").endsWith("\nkept.md\nsrc");
		assertThat(contents(notes)).as("the failed cp left nothing, the echo before it stays")
			.containsOnlyKeys("/kept.md", "/src/one.md", "/src/" + "x".repeat(200) + ".md");
	}

}
