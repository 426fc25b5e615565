package dev.memstore.dream;

/**
 * The body of a dream schedule's update: only the fields sent change. Each field is
 * tracked as sent or not, so that {@code "instructions": null} clears the instructions
 * while an omitted field stays as it is.
 */
public final class DreamScheduleUpdateRequest {

	private Sent<Object> memoryStoreId;

	private Sent<String> cron;

	private Sent<String> timeZone;

	private Sent<Object> model;

	private Sent<Object> instructions;

	private Sent<Object> outputBehavior;

	private Sent<Boolean> enabled;

	private Sent<String> name;

	public void setMemoryStoreId(Object memoryStoreId) {
		this.memoryStoreId = new Sent<>(memoryStoreId);
	}

	public void setCron(String cron) {
		this.cron = new Sent<>(cron);
	}

	public void setTimeZone(String timeZone) {
		this.timeZone = new Sent<>(timeZone);
	}

	public void setModel(Object model) {
		this.model = new Sent<>(model);
	}

	public void setInstructions(Object instructions) {
		this.instructions = new Sent<>(instructions);
	}

	public void setOutputBehavior(Object outputBehavior) {
		this.outputBehavior = new Sent<>(outputBehavior);
	}

	public void setEnabled(Boolean enabled) {
		this.enabled = new Sent<>(enabled);
	}

	public void setName(String name) {
		this.name = new Sent<>(name);
	}

	Sent<Object> memoryStoreId() {
		return this.memoryStoreId;
	}

	Sent<String> cron() {
		return this.cron;
	}

	Sent<String> timeZone() {
		return this.timeZone;
	}

	Sent<Object> model() {
		return this.model;
	}

	Sent<Object> instructions() {
		return this.instructions;
	}

	Sent<Object> outputBehavior() {
		return this.outputBehavior;
	}

	Sent<Boolean> enabled() {
		return this.enabled;
	}

	Sent<String> name() {
		return this.name;
	}

	/**
	 * A field that was sent, with its value ({@code null} if sent as {@code null}); a
	 * field left out is a {@code null} {@code Sent}.
	 */
	record Sent<T>(T value) {

		static <T> T or(Sent<T> sent, T current) {
			return (sent != null) ? sent.value() : current;
		}

	}

}
