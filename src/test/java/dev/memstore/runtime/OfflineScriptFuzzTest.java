package dev.memstore.runtime;

import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.memstore.runtime.OfflineScript.InvalidScriptException;
import dev.memstore.runtime.OfflineScript.SayStep;
import dev.memstore.runtime.OfflineScript.Step;
import dev.memstore.runtime.OfflineScript.ToolStep;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline agent's script parser under coverage-guided fuzzing: any user message gives
 * steps that can run, no script, or a reason for its author, never another failure. In
 * {@code ./mvnw verify} these replay the inputs under
 * {@code OfflineScriptFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes one of them (see
 * src/docs/reliability.md).
 */
@Tag("fast")
class OfflineScriptFuzzTest {

	@FuzzTest(maxDuration = "3m")
	void anyMessageGivesRunnableStepsNoScriptOrAReason(FuzzedDataProvider data) {
		String message = data.consumeRemainingAsString();
		try {
			Optional<List<Step>> steps = OfflineScript.find(message);
			steps.ifPresent(OfflineScriptFuzzTest::assertRunnable);
			if (steps.isPresent()) {
				assertThat(message).contains("```");
			}
		}
		catch (InvalidScriptException ex) {
			assertReason(ex);
		}
	}

	/**
	 * The body of a script block alone, so that the fuzzer spends its time on the JSON
	 * and the step rules rather than on finding a fence.
	 */
	@FuzzTest(maxDuration = "3m")
	void anyScriptBodyGivesRunnableStepsOrAReason(FuzzedDataProvider data) {
		String body = data.consumeRemainingAsString();
		try {
			assertRunnable(OfflineScript.parse(body));
		}
		catch (InvalidScriptException ex) {
			assertReason(ex);
		}
	}

	private static void assertRunnable(List<Step> steps) {
		assertThat(steps).isNotEmpty();
		for (Step step : steps) {
			if (step instanceof ToolStep tool) {
				assertThat(OfflineScript.TOOLS).contains(tool.tool());
				assertThat(tool.input()).isNotNull();
			}
			else {
				assertThat(((SayStep) step).text()).isNotEmpty();
			}
		}
	}

	/**
	 * A reason is written for the script's author: no Java class names or parser source
	 * locations.
	 */
	private static void assertReason(InvalidScriptException ex) {
		assertThat(ex.getMessage()).isNotBlank().doesNotContain("java.", "Source: ", "tools.jackson");
	}

}
