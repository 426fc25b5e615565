/**
 * The mounted view of a session: its memory stores as directories under
 * {@code /mnt/memory/}, and the file tools an agent uses on them.
 */
package dev.memstore.sandbox;
