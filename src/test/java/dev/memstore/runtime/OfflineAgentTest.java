package dev.memstore.runtime;

import dev.memstore.dream.RememberRequests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.runtime.FakeTurn.Call;
import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.ToolResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.memstore.runtime.FakeTurn.mount;
import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class OfflineAgentTest {

	// Late evening in New York, already the next day in UTC.
	private static final Instant NOW = Instant.parse("2026-03-02T04:30:00Z");

	private static final Mount ACME = mount("acme", false);

	private final OfflineAgent agent = new OfflineAgent();

	private final Map<String, String> files = new HashMap<>();

	@Test
	void aScriptRunsExactlyItsStepsInOrderAndNothingElse() {
		this.files.put("/mnt/memory/acme/a.md", "alpha\n");
		FakeTurn turn = turn("""
				```memstore-script
				[{"tool": "read", "input": {"file_path": "/mnt/memory/acme/a.md"}},
				 {"say": "read it"},
				 {"tool": "write", "input": {"file_path": "/mnt/memory/acme/b.md", "content": "beta"}},
				 {"say": "wrote it"}]
				```""", ACME);

		this.agent.runTurn(turn);

		assertThat(turn.events).hasSize(4);
		assertThat(turn.events.get(0)).isInstanceOf(Call.class)
			.extracting("name", "input")
			.containsExactly("read", Map.of("file_path", "/mnt/memory/acme/a.md"));
		assertThat(turn.events.get(1)).isEqualTo("read it");
		assertThat(turn.events.get(2)).extracting("name", "input")
			.containsExactly("write", Map.of("file_path", "/mnt/memory/acme/b.md", "content", "beta"));
		assertThat(turn.events.get(3)).isEqualTo("wrote it");
		assertThat(this.files).containsEntry("/mnt/memory/acme/b.md", "beta");
	}

	@Test
	void aFailingToolDoesNotStopTheScript() {
		FakeTurn turn = turn("""
				```memstore-script
				[{"tool": "read", "input": {"file_path": "/mnt/memory/acme/missing.md"}},
				 {"tool": "write", "input": {"file_path": "/mnt/memory/docs/x.md", "content": "x"}},
				 {"tool": "bash", "input": {"command": "ls"}},
				 {"say": "carried on"}]
				```""", ACME, mount("docs", true));

		this.agent.runTurn(turn);

		assertThat(turn.calls).extracting(Call::result)
			.extracting(ToolResult::isError)
			.containsExactly(true, true, false);
		assertThat(turn.says).containsExactly("carried on");
	}

	@Test
	void anInvalidScriptRunsNoStepAndSaysWhy() {
		FakeTurn turn = turn("""
				Please remember this.
				```memstore-script
				[{"say": "first"}, {"tool": "rmdir", "input": {"path": "/mnt/memory/acme"}}]
				```""", ACME);

		this.agent.runTurn(turn);

		assertThat(turn.calls).isEmpty();
		assertThat(turn.says).containsExactly(
				"memstore-script error: step 2: unknown tool 'rmdir'; use read, write, edit, glob, grep or bash");
	}

	@Test
	void recallListsEachMountThenReadsItsFilesInPathOrder() {
		this.files.put("/mnt/memory/acme/b.md", "beta\n");
		this.files.put("/mnt/memory/acme/a/z.md", "zeta\n");
		this.files.put("/mnt/memory/docs/c.md", "gamma\n");
		this.files.put("/mnt/memory/other/d.md", "not mounted\n");
		FakeTurn turn = turn("What do you know about gamma?", ACME, mount("docs", true));

		this.agent.runTurn(turn);

		assertThat(turn.calls).extracting(Call::name, Call::input)
			.containsExactly(call("glob", "pattern", "**/*", "path", "/mnt/memory/acme"),
					call("read", "file_path", "/mnt/memory/acme/a/z.md"),
					call("read", "file_path", "/mnt/memory/acme/b.md"),
					call("glob", "pattern", "**/*", "path", "/mnt/memory/docs"),
					call("read", "file_path", "/mnt/memory/docs/c.md"));
		assertThat(turn.onlySay()).isEqualTo("From memory:\n- gamma (/mnt/memory/docs/c.md)");
	}

	@Test
	void recallReadsAtMostFiftyFilesAndSaysHowManyWereSkipped() {
		for (int i = 0; i < 53; i++) {
			this.files.put(String.format("/mnt/memory/acme/n%02d.md", i), "note " + i + "\n");
		}
		FakeTurn turn = turn("note 17 and note 52", ACME);

		this.agent.runTurn(turn);

		assertThat(turn.toolNames()).hasSize(51).startsWith("glob").doesNotContain("write");
		assertThat(turn.calls.get(50).input()).isEqualTo(Map.of("file_path", "/mnt/memory/acme/n49.md"));
		assertThat(turn.onlySay()).startsWith("From memory:\n- note 17 (/mnt/memory/acme/n17.md)\n- note 0 (")
			.doesNotContain("note 52")
			.endsWith(
					"Only the first 50 of 53 memory files were read (stores in order, paths sorted); 3 were skipped.");
	}

	@Test
	void rememberAppendsADatedBulletToTheFirstReadWriteMount() {
		this.files.put("/mnt/memory/team/remembered.md", "# Remembered\n\n- 2026-01-05: Remember the tea order.");
		FakeTurn turn = turn("Please   remember:\n the  Q3 review is on Friday.", mount("docs", true),
				mount("team", false), ACME);

		this.agent.runTurn(turn);

		assertThat(turn.only("write", "file_path")).isEqualTo("/mnt/memory/team/remembered.md");
		assertThat(this.files.get("/mnt/memory/team/remembered.md"))
			.isEqualTo("# Remembered\n\n- 2026-01-05: Remember the tea order.\n"
					+ "- 2026-03-02: Please remember: the Q3 review is on Friday.\n");
		assertThat(turn.onlySay()).startsWith("Noted in /mnt/memory/team/remembered.md.\n\n");
		assertThat(this.files).doesNotContainKey("/mnt/memory/acme/remembered.md");
	}

	@Test
	void rememberKeepsBlankLinesAtTheEndOfTheFile() {
		this.files.put("/mnt/memory/acme/remembered.md", "# Mine\n\n- old\n\n");
		FakeTurn turn = turn("Keep in mind: tabs, not spaces.", ACME);

		this.agent.runTurn(turn);

		assertThat(this.files.get("/mnt/memory/acme/remembered.md"))
			.isEqualTo("# Mine\n\n- old\n\n- 2026-03-02: Keep in mind: tabs, not spaces.\n");
	}

	@Test
	void rememberCreatesTheFileWithAHeadingWhenItDoesNotExist() {
		this.files.put("/mnt/memory/acme/people.md", "Maya leads design.\n");
		FakeTurn turn = turn("Note that Maya prefers short emails.", ACME);

		this.agent.runTurn(turn);

		assertThat(this.files.get("/mnt/memory/acme/remembered.md"))
			.isEqualTo("# Remembered\n\n- 2026-03-02: Note that Maya prefers short emails.\n");
		assertThat(turn.onlySay()).isEqualTo("Noted in /mnt/memory/acme/remembered.md.\n\n"
				+ "From memory:\n- Maya leads design. (/mnt/memory/acme/people.md)");
	}

	@Test
	void rememberReadsTheFileEvenWhenItIsBeyondTheReadLimit() {
		for (int i = 0; i < 50; i++) {
			this.files.put(String.format("/mnt/memory/acme/a%02d.md", i), "filler\n");
		}
		this.files.put("/mnt/memory/acme/remembered.md", "# Remembered\n\n- 2026-01-01: old note\n");
		FakeTurn turn = turn("Don't forget the launch date.", ACME);

		this.agent.runTurn(turn);

		assertThat(turn.toolNames()).hasSize(53).endsWith("read", "write");
		assertThat(this.files.get("/mnt/memory/acme/remembered.md"))
			.isEqualTo("# Remembered\n\n- 2026-01-01: old note\n- 2026-03-02: Don't forget the launch date.\n");
	}

	@Test
	void rememberDoesNotOverwriteAFileItCouldNotRead() {
		this.files.put("/mnt/memory/acme/remembered.md", "# Remembered\n\n- precious\n");
		FakeTurn turn = turn("Remember the precious thing.", ACME).failing("read", "/mnt/memory/acme/remembered.md",
				"EIO: i/o error");

		this.agent.runTurn(turn);

		assertThat(turn.toolNames()).doesNotContain("write");
		assertThat(turn.onlySay())
			.startsWith("I could not note this: reading /mnt/memory/acme/remembered.md failed: EIO: i/o error\n\n");
	}

	@Test
	void rememberWithOnlyReadOnlyMountsSaysNoWritableStoreIsMounted() {
		this.files.put("/mnt/memory/docs/style.md", "Headings use sentence case.\n");
		FakeTurn turn = turn("Remember that headings use title case.", mount("docs", true));

		this.agent.runTurn(turn);

		assertThat(turn.toolNames()).containsExactly("glob", "read");
		assertThat(turn.onlySay()).isEqualTo("I could not note this: no writable memory store is mounted.\n\n"
				+ "From memory:\n- Headings use sentence case. (/mnt/memory/docs/style.md)");
	}

	@Test
	void rememberSaysTheToolErrorWhenTheWriteFails() {
		FakeTurn turn = turn("Remember: ship on Monday.", ACME).failing("write", "/mnt/memory/acme/remembered.md",
				"the memory store is full (2000 memories)");

		this.agent.runTurn(turn);

		assertThat(turn.onlySay()).startsWith("I could not note this: writing /mnt/memory/acme/remembered.md failed: "
				+ "the memory store is full (2000 memories)");
	}

	@Test
	void rememberFilesTheNoteUnderThePersonTheMessageIntroduces() {
		this.files.put("/mnt/memory/acme/remembered.md", "# Remembered\n\n- 2026-01-05: Remember the tea order.\n");
		FakeTurn turn = turn("I'm Maya from Acme Corp, please remember I prefer email", ACME);

		this.agent.runTurn(turn);

		assertThat(turn.only("write", "file_path")).isEqualTo("/mnt/memory/acme/users/maya/profile.md");
		assertThat(this.files.get("/mnt/memory/acme/users/maya/profile.md"))
			.isEqualTo("# Maya\n\n- 2026-03-02: I'm Maya from Acme Corp, please remember I prefer email\n");
		assertThat(this.files.get("/mnt/memory/acme/remembered.md"))
			.isEqualTo("# Remembered\n\n- 2026-01-05: Remember the tea order.\n");
		assertThat(turn.onlySay()).startsWith("Noted in /mnt/memory/acme/users/maya/profile.md.\n\n");
	}

	@Test
	void rememberAppendsToThePersonsProfileLikeToRememberedMd() {
		this.files.put("/mnt/memory/acme/users/anne-marie/profile.md", "# Anne-Marie\n\n- 2026-01-05: old\n\n");
		FakeTurn turn = turn("Hi, my name is Anne-Marie Dubois.\nKeep in mind:  I am vegetarian.", ACME);

		this.agent.runTurn(turn);

		assertThat(this.files.get("/mnt/memory/acme/users/anne-marie/profile.md")).isEqualTo(
				"# Anne-Marie\n\n- 2026-01-05: old\n\n- 2026-03-02: Hi, my name is Anne-Marie Dubois. Keep in mind: I am "
						+ "vegetarian.\n");
		assertThat(this.files).doesNotContainKey("/mnt/memory/acme/remembered.md");
	}

	@Test
	void rememberReadsTheProfileEvenWhenItIsBeyondTheReadLimit() {
		for (int i = 0; i < 50; i++) {
			this.files.put(String.format("/mnt/memory/acme/a%02d.md", i), "filler\n");
		}
		this.files.put("/mnt/memory/acme/users/omar/profile.md", "# Omar\n\n- 2026-01-01: old note\n");
		FakeTurn turn = turn("I am Omar. Don't forget I work nights.", ACME);

		this.agent.runTurn(turn);

		assertThat(turn.toolNames()).hasSize(53).endsWith("read", "write");
		assertThat(this.files.get("/mnt/memory/acme/users/omar/profile.md"))
			.isEqualTo("# Omar\n\n- 2026-01-01: old note\n- 2026-03-02: I am Omar. Don't forget I work nights.\n");
	}

	@Test
	void rememberDoesNotOverwriteAProfileItCouldNotRead() {
		this.files.put("/mnt/memory/acme/users/raj/profile.md", "# Raj\n\n- precious\n");
		FakeTurn turn = turn("This is Raj: remember the precious thing.", ACME).failing("read",
				"/mnt/memory/acme/users/raj/profile.md", "EIO: i/o error");

		this.agent.runTurn(turn);

		assertThat(turn.toolNames()).doesNotContain("write");
		assertThat(turn.onlySay()).startsWith(
				"I could not note this: reading /mnt/memory/acme/users/raj/profile.md failed: EIO: i/o error\n\n");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			I'm Maya from Acme Corp, please remember I prefer email  | users/maya/profile.md       | # Maya
			I\u2019m Maya at Acme, remember the invoice               | users/maya/profile.md       | # Maya
			Remember: I am Omar and I work nights                   | users/omar/profile.md       | # Omar
			hello, MY NAME IS Lena Berg. Note that I like tea        | users/lena/profile.md       | # Lena
			this is Zo\u00EB at Globex; keep in mind the deadline     | users/zo\u00EB/profile.md     | # Zo\u00EB
			Hi, this is Anne-Marie. Remember me, and I'm Bob too    | users/anne-marie/profile.md | # Anne-Marie
			Remember: Maya from Acme Corp wants EU English          | remembered.md               | # Remembered
			Remember that this is important                         | remembered.md               | # Remembered
			Remember that this is Maya's plan                       | remembered.md               | # Remembered
			Remember my name is maya                                | remembered.md               | # Remembered
			Remember: I'm 42 and my name is                         | remembered.md               | # Remembered
			Remember: I'm Maya2                                     | remembered.md               | # Remembered
			Remember: Hi'm Maya                                     | remembered.md               | # Remembered
			""")
	void aNoteGoesToTheProfileOfThePersonTheMessageIntroducesElseToRememberedMd(String message, String path,
			String heading) {
		assertThat(RememberRequests.noteFile(message)).isEqualTo(new RememberRequests.NoteFile(path, heading));
	}

	@Test
	void aNameLongerThan64CharactersIsNotTakenForAName() {
		assertThat(RememberRequests.noteFile("Remember: I'm " + "A".repeat(64)).relativePath())
			.isEqualTo("users/" + "a".repeat(64) + "/profile.md");
		assertThat(RememberRequests.noteFile("Remember: I'm " + "A".repeat(65)).relativePath())
			.isEqualTo("remembered.md");
	}

	@Test
	void aUserSlugIsTheNameLowercasedWithHyphensForEverythingButLettersAndDigits() {
		assertThat(RememberRequests.userSlug("Maya")).isEqualTo("maya");
		assertThat(RememberRequests.userSlug("Anne-Marie")).isEqualTo("anne-marie");
		assertThat(RememberRequests.userSlug("Zo\u00EB")).isEqualTo("zo\u00EB");
		assertThat(RememberRequests.userSlug("O'Brien--Smith")).isEqualTo("o-brien-smith");
		assertThat(RememberRequests.userSlug("-Ada-")).isEqualTo("ada");
	}

	@Test
	void withoutMountsNothingIsCalledAndTheAnswerSaysNoStoreIsMounted() {
		FakeTurn turn = turn("Remember my name is Ada.");

		this.agent.runTurn(turn);

		assertThat(turn.calls).isEmpty();
		assertThat(turn.onlySay()).isEqualTo("I could not note this: no writable memory store is mounted.\n\n"
				+ "No memory store is mounted, so there is no memory to recall.");
	}

	@Test
	void whenNothingIsRelevantTheAnswerSaysSo() {
		this.files.put("/mnt/memory/acme/a.md", "# Alpha\n\nalpha\n");
		this.files.put("/mnt/memory/docs/b.md", "beta\n");
		FakeTurn turn = turn("Tell me about gamma.", ACME, mount("docs", true), mount("empty", true));

		this.agent.runTurn(turn);

		assertThat(turn.onlySay())
			.isEqualTo("Nothing relevant was found in the mounted memory (2 files read in 3 stores).");
	}

	@Test
	void failedListingsAndReadsAreMentionedAndTheRestIsStillSearched() {
		this.files.put("/mnt/memory/acme/a.md", "gamma ray\n");
		this.files.put("/mnt/memory/acme/b.md", "gamma burst\n");
		FakeTurn turn = turn("gamma", ACME, mount("docs", true)).failing("glob", "/mnt/memory/docs", "ENOENT")
			.failing("read", "/mnt/memory/acme/a.md", "EACCES");

		this.agent.runTurn(turn);

		assertThat(turn.onlySay()).isEqualTo("From memory:\n- gamma burst (/mnt/memory/acme/b.md)\n\n"
				+ "Reading /mnt/memory/acme/a.md failed: EACCES\n\nListing /mnt/memory/docs failed: ENOENT");
	}

	@Test
	void theAnswerShowsAtMostFiveLines() {
		this.files.put("/mnt/memory/acme/a.md", "tea one\ntea two\ntea three\ntea four\ntea five\ntea six\n");
		FakeTurn turn = turn("tea", ACME);

		this.agent.runTurn(turn);

		assertThat(turn.onlySay().lines()).hasSize(6).last().isEqualTo("- tea five (/mnt/memory/acme/a.md)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "REMEMBER this", "please note  that x", "Keep\nin mind y", "don't forget z",
			"Don\u2019t forget z", "Do not forget z" })
	void rememberRequestsAreRecognisedInAnyCase(String message) {
		assertThat(RememberRequests.isRememberRequest(message)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "What have you remembered?", "She notes that x", "keep it in mind", "forgetful",
			"unremembering" })
	void otherMessagesAreNotRememberRequests(String message) {
		assertThat(RememberRequests.isRememberRequest(message)).isFalse();
	}

	@Test
	void contentLinesStripCatNumbersAndTakeOtherLinesAsTheyAre() {
		assertThat(OfflineAgent.contentLines("     1\t# Title\n     2\t\n     3\t  indented\t tab\n"))
			.containsExactly("# Title", "", "  indented\t tab");
		assertThat(OfflineAgent.contentLines("plain\n12\tnumbered\n")).containsExactly("plain", "numbered");
		assertThat(OfflineAgent.contentLines("")).isEmpty();
	}

	@Test
	void listedPathsKeepOnlyFilesOfTheMountSortedOnce() {
		String output = "/mnt/memory/acme/z.md\nNo files found\n/mnt/memory/acme2/x.md\n /mnt/memory/acme/a.md \n"
				+ "/mnt/memory/acme/z.md\nrelative.md\n/mnt/memory/acme/dir/";

		assertThat(OfflineAgent.listedPaths(output, ACME)).containsExactly("/mnt/memory/acme/a.md",
				"/mnt/memory/acme/z.md");
	}

	@Test
	void theSameTurnGivesTheSameCallsAndAnswer() {
		this.files.put("/mnt/memory/acme/a.md", "Maya likes green.\nAcme likes blue.\n");
		this.files.put("/mnt/memory/acme/b.md", "Maya and Acme like teal.\n");
		List<FakeTurn> runs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			FakeTurn turn = turn("Maya at Acme", ACME);
			this.agent.runTurn(turn);
			runs.add(turn);
		}

		assertThat(runs).extracting((run) -> run.calls).containsOnly(runs.get(0).calls);
		assertThat(runs).extracting(FakeTurn::onlySay)
			.containsOnly("From memory:\n- Maya and Acme like teal. (/mnt/memory/acme/b.md)\n"
					+ "- Maya likes green. (/mnt/memory/acme/a.md)\n- Acme likes blue. (/mnt/memory/acme/a.md)");
	}

	@Test
	void theGuideStoryRecallsWhatAnEarlierSessionWasAskedToRemember() {
		this.files.put("/mnt/memory/acme/standards/formatting.md",
				"# Formatting\n\nUse sentence case for headings.\nWrite dates as 2 March 2026.\n");

		FakeTurn first = turn("Remember: Maya from Acme Corp wants EU English and brand colour #0E7A4F.", ACME);
		this.agent.runTurn(first);
		FakeTurn second = turn("Draft a release note for Maya at Acme Corp.", ACME);
		this.agent.runTurn(second);

		assertThat(first.onlySay()).startsWith("Noted in /mnt/memory/acme/remembered.md.");
		assertThat(this.files.get("/mnt/memory/acme/remembered.md")).isEqualTo("# Remembered\n\n"
				+ "- 2026-03-02: Remember: Maya from Acme Corp wants EU English and brand colour #0E7A4F.\n");
		assertThat(second.toolNames()).containsExactly("glob", "read", "read");
		assertThat(second.onlySay()).isEqualTo("From memory:\n"
				+ "- 2026-03-02: Remember: Maya from Acme Corp wants EU English and brand colour #0E7A4F. "
				+ "(/mnt/memory/acme/remembered.md)");
	}

	private FakeTurn turn(String message, Mount... mounts) {
		return new FakeTurn(message, List.of(mounts), this.files, NOW);
	}

	private static org.assertj.core.groups.Tuple call(String name, String key, String value) {
		return org.assertj.core.groups.Tuple.tuple(name, Map.of(key, value));
	}

	private static org.assertj.core.groups.Tuple call(String name, String k1, String v1, String k2, String v2) {
		return org.assertj.core.groups.Tuple.tuple(name, Map.of(k1, v1, k2, v2));
	}

}
