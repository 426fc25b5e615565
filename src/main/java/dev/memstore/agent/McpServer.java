package dev.memstore.agent;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * An entry of an agent's {@code mcp_servers}: an MCP server reached by URL, which
 * {@code mcp_toolset} tools name.
 *
 * @param type always {@code url}
 * @param name unique among the agent's servers
 * @param otherFields fields the caller sent that memstore keeps and echoes
 */
public record McpServer(String type, String name, String url,
		@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

	static final String URL = "url";

	public McpServer {
		otherFields = OtherFields.of(otherFields);
	}

}
