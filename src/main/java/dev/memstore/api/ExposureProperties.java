package dev.memstore.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What memstore accepts when it listens beyond this machine
 * ({@code memstore.security.*}).
 *
 * @param allowDevelopmentCredentials whether memstore may listen beyond loopback while a
 * published development credential (the development API key, the default admin password)
 * is in effect; off, it refuses to start instead. For a machine whose network is private
 * to its operator, such as a throw-away container
 */
@ConfigurationProperties("memstore.security")
record ExposureProperties(boolean allowDevelopmentCredentials) {

}
