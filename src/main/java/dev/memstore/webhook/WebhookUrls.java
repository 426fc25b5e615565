package dev.memstore.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.TextRules;

/**
 * The rules of an endpoint's URL: an absolute {@code http} or {@code https} URL with a
 * host, without credentials or a fragment. With
 * {@code memstore.webhooks.require-public-https}, only {@code https} to a host whose
 * every address is public: checked when the endpoint is registered and again before each
 * attempt, since what a name resolves to may change.
 */
final class WebhookUrls {

	static final int MAX_LENGTH = 2048;

	static final String SETTING = "memstore.webhooks.require-public-https";

	private WebhookUrls() {
	}

	/**
	 * Refuses a URL that breaks a rule with a 400 naming it.
	 * @return the URL as given
	 */
	static String requireValid(String url, boolean requirePublicHttps) {
		if (url == null) {
			throw ApiException.invalidRequest("url is required");
		}
		TextRules.requireValidText("url", url);
		TextRules.requireLength("url", url, 1, MAX_LENGTH);
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw ApiException.invalidRequest("url is not a valid URL: " + ex.getMessage());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw ApiException.invalidRequest("url must be an http or https URL, got '" + url + "'");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw ApiException.invalidRequest("url must name a host, got '" + url + "'");
		}
		if (uri.getRawUserInfo() != null) {
			throw ApiException.invalidRequest("url must not hold credentials (user:password@)");
		}
		if (uri.getRawFragment() != null) {
			throw ApiException.invalidRequest("url must not have a fragment (#…)");
		}
		if (requirePublicHttps) {
			String refused = whyNotPublicHttps(uri);
			if (refused != null) {
				throw ApiException.invalidRequest("url " + refused);
			}
		}
		return url;
	}

	/**
	 * Why {@link #SETTING} refuses to send to this URL now, or {@code null} when it
	 * allows it.
	 */
	static String whyNotPublicHttps(URI uri) {
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			return "must be https (" + SETTING + ")";
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(uri.getHost());
		}
		catch (UnknownHostException ex) {
			return "names a host that does not resolve: " + uri.getHost() + " (" + SETTING + ")";
		}
		for (InetAddress address : addresses) {
			if (!isPublic(address)) {
				return "resolves to " + address.getHostAddress() + ", which is not a public address (" + SETTING + ")";
			}
		}
		return null;
	}

	/**
	 * Whether an address is on the public internet: not loopback, private, link-local,
	 * unique-local, carrier-grade NAT, multicast, unspecified or otherwise reserved.
	 */
	static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			boolean reserved = first == 0 // "this network"
					|| (first == 100 && second >= 64 && second <= 127) // carrier-grade
																		// NAT
					|| (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF
																				// protocol
					|| (first == 198 && (second == 18 || second == 19)) // benchmarking
					|| first >= 240; // reserved and broadcast
			return !reserved;
		}
		if (address instanceof Inet6Address) {
			boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
			boolean mappedOrTranslated = isZero(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff
					&& (bytes[11] & 0xff) == 0xff;
			if (mappedOrTranslated) {
				try {
					return isPublic(
							InetAddress.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] }));
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
			return !uniqueLocal;
		}
		return false;
	}

	private static boolean isZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
