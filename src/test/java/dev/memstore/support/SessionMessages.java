package dev.memstore.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserInterruptEventParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserMessageEventParams;
import com.anthropic.models.beta.sessions.events.EventSendParams;

/**
 * What tests do most with a session through the SDK: send a user message, and follow its
 * event stream.
 */
public final class SessionMessages {

	private SessionMessages() {
	}

	/**
	 * Sends one {@code user.message} with a text block.
	 */
	public static void send(AnthropicClient client, String sessionId, String text) {
		client.beta()
			.sessions()
			.events()
			.send(sessionId,
					EventSendParams.builder()
						.addEvent(BetaManagedAgentsUserMessageEventParams.builder()
							.type(JsonValue.from("user.message"))
							.addTextContent(text)
							.build())
						.build());
	}

	/**
	 * Sends a {@code user.interrupt}.
	 */
	public static void interrupt(AnthropicClient client, String sessionId) {
		client.beta()
			.sessions()
			.events()
			.send(sessionId,
					EventSendParams.builder()
						.addEvent(BetaManagedAgentsUserInterruptEventParams.builder()
							.type(JsonValue.from("user.interrupt"))
							.build())
						.build());
	}

	/**
	 * Reads an open stream on its own thread, as a client would.
	 * @return the events received so far, growing as they arrive
	 */
	public static List<BetaManagedAgentsStreamSessionEvents> follow(
			StreamResponse<BetaManagedAgentsStreamSessionEvents> stream) {
		List<BetaManagedAgentsStreamSessionEvents> received = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> {
			try (stream) {
				stream.stream().forEach(received::add);
			}
			catch (RuntimeException ex) {
				// The stream ends with the test.
			}
		});
		reader.setDaemon(true);
		reader.start();
		return received;
	}

}
