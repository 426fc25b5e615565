package dev.memstore.dream;

/**
 * The body of a dream schedule's creation. {@code model}, {@code instructions} and
 * {@code outputBehavior} are bound loosely and checked by the rules of a dream's creation
 * ({@link DreamCreateRequest}), so that a schedule never keeps what a dream would refuse.
 *
 * @param cron Unix's five fields, Spring's six or a macro such as {@code @daily}
 * @param timeZone an IANA time zone id; {@code UTC} when omitted
 * @param enabled {@code true} when omitted
 * @param name a label for people, optional
 */
public record DreamScheduleCreateRequest(String memoryStoreId, String cron, String timeZone, Object model,
		Object instructions, Object outputBehavior, Boolean enabled, String name) {

}
