package dev.memstore.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts failed admin sign-ins per account and per client address: after
 * {@code maxFailures} failures within {@code window} (counted from the first), further
 * attempts for that account, or from that address, are refused unchecked until the window
 * passes. Unknown accounts are counted like the real one, so the refusal does not tell
 * whether an account exists.
 * <p>
 * Memory is bounded: at most {@link #MAX_ENTRIES} counters, expired ones dropped first,
 * then the oldest. Someone who floods it with names from many addresses can push a
 * counter out early; each address is still held to its own count.
 */
final class SignInThrottle {

	static final int MAX_ENTRIES = 10_000;

	/**
	 * Longer names are counted by their first characters, so a counter's key stays small.
	 */
	private static final int MAX_KEY_LENGTH = 128;

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	/**
	 * Counters in the order their windows began, so the eldest is the first to expire.
	 */
	private final LinkedHashMap<String, Failures> counters = new LinkedHashMap<>();

	SignInThrottle(int maxFailures, Duration window, Clock clock) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
	}

	/**
	 * Whether an attempt for this account from this address is refused unchecked.
	 */
	synchronized boolean refuses(String username, String address) {
		Instant now = this.clock.instant();
		return reached(accountKey(username), now) || reached(addressKey(address), now);
	}

	synchronized void failed(String username, String address) {
		Instant now = this.clock.instant();
		count(accountKey(username), now);
		count(addressKey(address), now);
	}

	/**
	 * A successful sign-in clears its account's and its address's counts.
	 */
	synchronized void succeeded(String username, String address) {
		this.counters.remove(accountKey(username));
		this.counters.remove(addressKey(address));
	}

	synchronized int size() {
		return this.counters.size();
	}

	private boolean reached(String key, Instant now) {
		Failures failures = this.counters.get(key);
		if (failures == null) {
			return false;
		}
		if (failures.expired(now, this.window)) {
			this.counters.remove(key);
			return false;
		}
		return failures.count >= this.maxFailures;
	}

	private void count(String key, Instant now) {
		Failures failures = this.counters.get(key);
		if (failures == null || failures.expired(now, this.window)) {
			this.counters.remove(key);
			dropExpired(now);
			if (this.counters.size() >= MAX_ENTRIES) {
				Iterator<String> eldest = this.counters.keySet().iterator();
				eldest.next();
				eldest.remove();
			}
			failures = new Failures(now);
			this.counters.put(key, failures);
		}
		failures.count++;
	}

	private void dropExpired(Instant now) {
		Iterator<Map.Entry<String, Failures>> entries = this.counters.entrySet().iterator();
		while (entries.hasNext()) {
			if (!entries.next().getValue().expired(now, this.window)) {
				// In start order: the rest began later.
				return;
			}
			entries.remove();
		}
	}

	/**
	 * The account as the user store compares it: Spring Security trims the name, and the
	 * in-memory user store ignores case.
	 */
	private static String accountKey(String username) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		return "account:" + ((name.length() > MAX_KEY_LENGTH) ? name.substring(0, MAX_KEY_LENGTH) : name);
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

	private static final class Failures {

		private final Instant start;

		private int count;

		Failures(Instant start) {
			this.start = start;
		}

		boolean expired(Instant now, Duration window) {
			return !now.isBefore(this.start.plus(window));
		}

	}

}
