package dev.memstore.api;

import java.util.List;

/**
 * Implemented by the settings of a module that accepts a {@link DevelopmentCredential}
 * while its setting is unset, so that {@link ExposureGuard} and the start-up line learn
 * which are in effect without knowing the modules.
 */
public interface DevelopmentCredentials {

	/**
	 * The development credentials these settings leave in effect; empty once the operator
	 * chose their own.
	 */
	List<DevelopmentCredential> developmentCredentialsInEffect();

}
