package dev.memstore.selfhosted;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The states of a work item: queued until a worker acknowledges it, starting until its
 * first heartbeat claims it, active while heartbeats hold its lease, stopping once a
 * graceful stop was asked, and stopped for good.
 */
public enum WorkState {

	QUEUED("queued"), STARTING("starting"), ACTIVE("active"), STOPPING("stopping"), STOPPED("stopped");

	private final String wireName;

	WorkState(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	static WorkState of(String wireName) {
		for (WorkState state : values()) {
			if (state.wireName.equals(wireName)) {
				return state;
			}
		}
		throw new IllegalStateException("unknown work state " + wireName);
	}

	/** Whether a worker holds the item under a lease that can run out. */
	boolean leased() {
		return this == STARTING || this == ACTIVE;
	}

}
