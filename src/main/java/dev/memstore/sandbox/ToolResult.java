package dev.memstore.sandbox;

/**
 * What a file tool answers: its output, or the error an agent would see from a real file
 * system.
 */
public record ToolResult(String text, boolean isError) {

	public static ToolResult ok(String text) {
		return new ToolResult(text, false);
	}

	public static ToolResult error(String text) {
		return new ToolResult(text, true);
	}

}
