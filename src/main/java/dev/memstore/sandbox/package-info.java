/**
 * The mounted view of a session: its memory stores as directories under
 * {@code /mnt/memory/<slug>/}, and the file tools an agent uses on them ({@code read},
 * {@code write}, {@code edit}, {@code glob}, {@code grep} and a parsed subset of
 * {@code bash}). There is no file system behind it: every file is a memory, every write a
 * {@code MemoryService} call recorded as the session's, and nothing reaches the host.
 */
@ApplicationModule(allowedDependencies = { "kernel", "memory", "store" })
package dev.memstore.sandbox;

import org.springframework.modulith.ApplicationModule;
