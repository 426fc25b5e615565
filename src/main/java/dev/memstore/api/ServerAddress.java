package dev.memstore.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the server listens, for the defaults that are only safe on the local machine.
 */
public final class ServerAddress {

	private ServerAddress() {
	}

	/**
	 * Whether a server bound to {@code server.address} can be reached from other
	 * machines: when unset it listens on all interfaces.
	 */
	public static boolean reachableBeyondLoopback(String address) {
		if (address == null || address.isBlank()) {
			return true;
		}
		try {
			return reachableBeyondLoopback(InetAddress.getByName(address));
		}
		catch (UnknownHostException ex) {
			return true;
		}
	}

	/**
	 * Whether a server bound to this address (null: all interfaces) can be reached from
	 * other machines.
	 */
	public static boolean reachableBeyondLoopback(InetAddress address) {
		return address == null || !address.isLoopbackAddress();
	}

	/**
	 * The address as a log line names it: {@code 127.0.0.1}, or
	 * {@code all interfaces (0.0.0.0)} for a wildcard.
	 */
	public static String describe(String address) {
		if (address == null || address.isBlank()) {
			return "all interfaces";
		}
		try {
			return describe(InetAddress.getByName(address));
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * The address (null: all interfaces) as a log line names it.
	 */
	public static String describe(InetAddress address) {
		if (address == null) {
			return "all interfaces";
		}
		if (address.isAnyLocalAddress()) {
			return "all interfaces (" + address.getHostAddress() + ")";
		}
		return address.getHostAddress();
	}

	/**
	 * The address as it stands in a URL: the host of {@code http://…:port}, an IPv6
	 * address in brackets; {@code 0.0.0.0} for all interfaces.
	 */
	public static String urlHost(InetAddress address) {
		if (address == null) {
			return "0.0.0.0";
		}
		String host = address.getHostAddress();
		return host.contains(":") ? "[" + host + "]" : host;
	}

}
