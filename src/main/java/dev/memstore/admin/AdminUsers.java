package dev.memstore.admin;

import java.security.Principal;

import dev.memstore.memory.Actor;

/**
 * Who a signed-in admin is in a memory's history.
 */
final class AdminUsers {

	private AdminUsers() {
	}

	/**
	 * The {@code user_actor} of the signed-in admin, {@code user_<username>}.
	 */
	static Actor actor(Principal admin) {
		return Actor.user("user_" + admin.getName());
	}

}
