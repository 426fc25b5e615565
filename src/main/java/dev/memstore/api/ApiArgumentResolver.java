package dev.memstore.api;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.PageParams;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Supplies the parameters every API controller shares: the {@link Caller},
 * {@link PageParams} and {@link CreatedAtRange}, each parsed with the same rules
 * everywhere (a list whose API allows larger pages says so with {@link PageLimit}).
 */
class ApiArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == Caller.class || type == PageParams.class || type == CreatedAtRange.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		Class<?> type = parameter.getParameterType();
		if (type == Caller.class) {
			return Caller.of(request);
		}
		if (type == PageParams.class) {
			PageLimit bound = parameter.getParameterAnnotation(PageLimit.class);
			int max = (bound != null) ? bound.max() : PageParams.MAX_LIMIT;
			return PageParams.parse(request.getParameter("limit"), request.getParameter("page"), max);
		}
		String range = CreatedAtRange.PARAMETER;
		return CreatedAtRange.parse(request.getParameter(range + "[gt]"), request.getParameter(range + "[gte]"),
				request.getParameter(range + "[lt]"), request.getParameter(range + "[lte]"));
	}

}
