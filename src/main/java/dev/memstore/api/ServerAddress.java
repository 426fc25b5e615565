package dev.memstore.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the server listens, for the warnings about defaults that are only safe on the
 * local machine.
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
			return !InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return true;
		}
	}

}
