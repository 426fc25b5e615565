package dev.memstore.session;

import java.util.Map;

/**
 * The body of a session update. {@code title} is tracked as present or absent, so that
 * {@code "title": null} clears it while an omitted title stays.
 */
public final class SessionUpdateRequest {

	private boolean titleGiven;

	private String title;

	private Map<String, String> metadata;

	private Object agent;

	private Map<String, Object> budget;

	private boolean vaultIdsGiven;

	public void setTitle(String title) {
		this.titleGiven = true;
		this.title = title;
	}

	public void setMetadata(Map<String, String> metadata) {
		this.metadata = metadata;
	}

	public void setAgent(Object agent) {
		this.agent = agent;
	}

	public void setBudget(Map<String, Object> budget) {
		this.budget = budget;
	}

	public void setVaultIds(Object vaultIds) {
		this.vaultIdsGiven = true;
	}

	boolean titleGiven() {
		return this.titleGiven;
	}

	String title() {
		return this.title;
	}

	Map<String, String> metadata() {
		return this.metadata;
	}

	Object agent() {
		return this.agent;
	}

	Map<String, Object> budget() {
		return this.budget;
	}

	boolean vaultIdsGiven() {
		return this.vaultIdsGiven;
	}

}
