/**
 * Sessions: their mounted resources, the event log, its live stream and the turns
 * extension.
 */
package dev.memstore.session;
