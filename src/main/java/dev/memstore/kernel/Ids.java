package dev.memstore.kernel;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Prefixed, time-ordered ids such as {@code memstore_01AbC...}: 48 bits of milliseconds
 * then 80 random bits, in fixed-width base62, so that ids sort byte-wise in creation
 * order and make stable tie-breakers.
 */
public final class Ids {

	public static final String REQUEST = "req_";

	private static final String VERSION = "01";

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private static final int BODY_LENGTH = 22;

	private static final BigInteger BASE = BigInteger.valueOf(ALPHABET.length);

	private static final BigInteger RANDOM_LIMIT = BigInteger.ONE.shiftLeft(80);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static long lastMillis;

	private static BigInteger lastRandom = BigInteger.ZERO;

	private Ids() {
	}

	/**
	 * Returns a new id with the given prefix (which includes its trailing underscore).
	 * Ids made in the same millisecond by this process still increase.
	 */
	public static String next(String prefix) {
		BigInteger value = nextValue();
		char[] body = new char[BODY_LENGTH];
		for (int i = BODY_LENGTH - 1; i >= 0; i--) {
			BigInteger[] quotientAndRemainder = value.divideAndRemainder(BASE);
			body[i] = ALPHABET[quotientAndRemainder[1].intValue()];
			value = quotientAndRemainder[0];
		}
		return prefix + VERSION + new String(body);
	}

	/**
	 * Tells whether {@code id} has the shape of an id with this prefix, so that obviously
	 * foreign or malformed ids can be answered with 404 without a lookup.
	 */
	public static boolean isWellFormed(String id, String prefix) {
		if (id == null || !id.startsWith(prefix) || id.length() != prefix.length() + VERSION.length() + BODY_LENGTH) {
			return false;
		}
		for (int i = prefix.length(); i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
				return false;
			}
		}
		return true;
	}

	private static synchronized BigInteger nextValue() {
		long now = System.currentTimeMillis();
		BigInteger random;
		if (now <= lastMillis) {
			// Same millisecond (or the clock stepped back): continue the sequence so ids
			// keep increasing.
			now = lastMillis;
			random = lastRandom.add(BigInteger.ONE);
			if (random.compareTo(RANDOM_LIMIT) >= 0) {
				now++;
				random = new BigInteger(80, RANDOM);
			}
		}
		else {
			random = new BigInteger(80, RANDOM);
		}
		lastMillis = now;
		lastRandom = random;
		return BigInteger.valueOf(now).shiftLeft(80).or(random);
	}

}
