package dev.memstore.dream;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.TextRules;

/**
 * The body of a dream creation, bound loosely so that every rule of the SDK's doc
 * comments is checked here with an error that names the field.
 *
 * @param inputs exactly one {@code memory_store} entry and exactly one {@code sessions}
 * entry
 * @param model a model id, or {@code {id, speed}} where speed may only be
 * {@code standard}
 * @param instructions 1 to 4,096 characters, or {@code null}
 * @param outputBehavior {@code create_new} (the default) or {@code update_existing}
 * naming the input store
 */
public record DreamCreateRequest(Object inputs, Object model, Object instructions, Object outputBehavior) {

	static final int MAX_SESSIONS = 100;

	static final int MAX_INSTRUCTIONS = 4096;

	static final int MAX_MODEL_ID = 256;

	static final String STANDARD = "standard";

	/**
	 * The request, checked.
	 */
	DreamSpec validate() {
		if (this.inputs == null) {
			throw ApiException.invalidRequest("inputs is required");
		}
		if (!(this.inputs instanceof List<?> entries)) {
			throw ApiException.invalidRequest("inputs must be an array");
		}
		String storeId = null;
		List<String> sessionIds = null;
		for (int i = 0; i < entries.size(); i++) {
			String field = "inputs[" + i + "]";
			Map<?, ?> entry = object(entries.get(i), field);
			String type = string(entry.get("type"), field + ".type", true);
			switch (type) {
				case Dream.MEMORY_STORE -> {
					if (storeId != null) {
						throw ApiException.invalidRequest("inputs must have exactly one memory_store entry");
					}
					storeId = string(entry.get("memory_store_id"), field + ".memory_store_id", true);
				}
				case Dream.SESSIONS -> {
					if (sessionIds != null) {
						throw ApiException.invalidRequest("inputs must have exactly one sessions entry");
					}
					sessionIds = sessionIds(entry.get("session_ids"), field + ".session_ids");
				}
				default -> throw ApiException
					.invalidRequest(field + ".type must be memory_store or sessions, got '" + type + "'");
			}
		}
		if (storeId == null) {
			throw ApiException.invalidRequest("inputs must have exactly one memory_store entry");
		}
		if (sessionIds == null) {
			throw ApiException.invalidRequest("inputs must have exactly one sessions entry");
		}
		DreamSettings settings = validateSettings(storeId, "the memory store of the memory_store entry of inputs");
		return new DreamSpec(storeId, sessionIds, settings.model(), settings.instructions(), settings.outputBehavior());
	}

	/**
	 * The model, instructions and output behaviour, checked: what a dream takes besides
	 * its inputs, and what a dream schedule keeps for the dreams it creates.
	 * @param storeId the input store, the only one {@code update_existing} may name
	 * @param storeRole what that store is, for the error that names it
	 */
	DreamSettings validateSettings(String storeId, String storeRole) {
		return new DreamSettings(validModel(), validInstructions(), validOutputBehavior(storeId, storeRole));
	}

	private Dream.Model validModel() {
		if (this.model == null) {
			throw ApiException.invalidRequest("model is required");
		}
		if (this.model instanceof String id) {
			return new Dream.Model(modelId(id, "model"), STANDARD);
		}
		if (this.model instanceof Map<?, ?> object) {
			String id = modelId(string(object.get("id"), "model.id", true), "model.id");
			String speed = string(object.get("speed"), "model.speed", false);
			if (speed != null && !speed.equals(STANDARD)) {
				throw ApiException
					.invalidRequest("model.speed must be standard (dreams accept only standard), got '" + speed + "'");
			}
			return new Dream.Model(id, STANDARD);
		}
		throw ApiException.invalidRequest("model must be a model id or an object with id and speed");
	}

	private static String modelId(String id, String field) {
		TextRules.requireLength(field, id, 1, MAX_MODEL_ID);
		return id;
	}

	private String validInstructions() {
		String text = string(this.instructions, "instructions", false);
		if (text != null) {
			TextRules.requireValidText("instructions", text);
			TextRules.requireLength("instructions", text, 1, MAX_INSTRUCTIONS);
		}
		return text;
	}

	private Dream.OutputBehavior validOutputBehavior(String inputStoreId, String storeRole) {
		if (this.outputBehavior == null) {
			return new Dream.OutputBehavior(Dream.OutputBehavior.CREATE_NEW, null);
		}
		Map<?, ?> object = object(this.outputBehavior, "output_behavior");
		String type = string(object.get("type"), "output_behavior.type", true);
		return switch (type) {
			case Dream.OutputBehavior.CREATE_NEW -> new Dream.OutputBehavior(type, null);
			case Dream.OutputBehavior.UPDATE_EXISTING -> {
				String target = string(object.get("memory_store_id"), "output_behavior.memory_store_id", true);
				if (!target.equals(inputStoreId)) {
					throw ApiException.invalidRequest("output_behavior.memory_store_id must be " + storeRole + " ("
							+ inputStoreId + "), got '" + target + "'");
				}
				yield new Dream.OutputBehavior(type, target);
			}
			default -> throw ApiException
				.invalidRequest("output_behavior.type must be create_new or update_existing, got '" + type + "'");
		};
	}

	private static List<String> sessionIds(Object value, String field) {
		if (value == null) {
			throw ApiException.invalidRequest(field + " is required");
		}
		if (!(value instanceof List<?> ids)) {
			throw ApiException.invalidRequest(field + " must be an array of session ids");
		}
		if (ids.isEmpty() || ids.size() > MAX_SESSIONS) {
			throw ApiException
				.invalidRequest(field + " must hold 1 to " + MAX_SESSIONS + " session ids, got " + ids.size());
		}
		TreeSet<String> sorted = new TreeSet<>();
		for (int i = 0; i < ids.size(); i++) {
			String id = string(ids.get(i), field + "[" + i + "]", true);
			if (!sorted.add(id)) {
				throw ApiException.invalidRequest(field + " must not repeat a session id; '" + id + "' appears twice");
			}
		}
		return List.copyOf(sorted);
	}

	private static Map<?, ?> object(Object value, String field) {
		if (!(value instanceof Map<?, ?> map)) {
			throw ApiException.invalidRequest(field + " must be an object");
		}
		return map;
	}

	private static String string(Object value, String field, boolean required) {
		if (value == null) {
			if (required) {
				throw ApiException.invalidRequest(field + " is required");
			}
			return null;
		}
		if (!(value instanceof String text)) {
			throw ApiException.invalidRequest(field + " must be a string");
		}
		return text;
	}

	/**
	 * What a dream takes besides its inputs, checked.
	 */
	record DreamSettings(Dream.Model model, String instructions, Dream.OutputBehavior outputBehavior) {

	}

	/**
	 * A creation request that passed every rule of its own.
	 *
	 * @param sessionIds sorted
	 */
	record DreamSpec(String memoryStoreId, List<String> sessionIds, Dream.Model model, String instructions,
			Dream.OutputBehavior outputBehavior) {

	}

}
