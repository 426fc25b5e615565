package dev.memstore.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.memstore.kernel.PageParams;

/**
 * Raises the largest {@code limit} a list accepts above {@link PageParams#MAX_LIMIT}, on
 * the {@link PageParams} parameter of the one list whose API allows more (a session's
 * events, up to 1000).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface PageLimit {

	/**
	 * The largest {@code limit} accepted; above it the request is a 400 naming the bound.
	 */
	int max();

}
