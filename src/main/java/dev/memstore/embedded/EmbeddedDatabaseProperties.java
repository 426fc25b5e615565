package dev.memstore.embedded;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL, used when {@code spring.datasource.url} is not set.
 *
 * @param dataDir the directory memstore keeps the database in; it survives restarts
 * @param port the port PostgreSQL listens on (on localhost only); 0 picks a free one at
 * each start
 * @param ephemeral a throw-away database for tests and demos: a fresh temporary
 * directory, durability settings off, deleted at shutdown ({@code dataDir} is then
 * ignored)
 * @param binariesDir where the PostgreSQL binaries are unpacked; by default a folder
 * under the system temporary directory
 */
@ConfigurationProperties("memstore.embedded-db")
public record EmbeddedDatabaseProperties(@DefaultValue(".memstore/db") Path dataDir, @DefaultValue("0") int port,
		boolean ephemeral, Path binariesDir) {

}
