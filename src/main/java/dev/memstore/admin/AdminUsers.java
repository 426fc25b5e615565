package dev.memstore.admin;

import java.security.Principal;

import dev.memstore.memory.Actor;

/**
 * Who a signed-in admin is in a memory's history.
 */
final class AdminUsers {

	private static final String USER_ID_PREFIX = "user_";

	private AdminUsers() {
	}

	/**
	 * The {@code user_actor} of the signed-in admin, {@code user_<username>}.
	 */
	static Actor actor(Principal admin) {
		return Actor.user(USER_ID_PREFIX + admin.getName());
	}

	/**
	 * The user name in a {@code user_actor}'s id.
	 */
	static String userName(String userId) {
		return userId.startsWith(USER_ID_PREFIX) ? userId.substring(USER_ID_PREFIX.length()) : userId;
	}

}
