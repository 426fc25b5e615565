package dev.memstore.session;

import java.util.List;

/**
 * A page of the session list, which the SDKs read as a {@code BidirectionalPageCursor}:
 * both cursors are always present, {@code null} at either end.
 */
public record SessionPage(List<Session> data, String nextPage, String prevPage) {

}
