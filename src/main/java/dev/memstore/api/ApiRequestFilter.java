package dev.memstore.api;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Shapes API requests the way the SDKs send them: the {@code Accept} header never decides
 * anything (the SDKs send {@code application/json} even to the event stream), a body
 * without a content type (or with a wildcard one) is read as JSON, and a body over the
 * size cap is refused before it is read into memory.
 */
@Component
@Order(RequestPipeline.REQUEST_SHAPE)
class ApiRequestFilter extends ApiFilter {

	private final ApiErrorWriter errorWriter;

	private final long maxRequestBytes;

	ApiRequestFilter(ApiErrorWriter errorWriter, ApiProperties properties) {
		this.errorWriter = errorWriter;
		this.maxRequestBytes = properties.maxRequestSize().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxRequestBytes) {
			this.errorWriter.write(request, response, BodyTooLargeException.toApiException(this.maxRequestBytes));
			return;
		}
		chain.doFilter(new ApiRequest(request, this.maxRequestBytes), response);
	}

	private static final class ApiRequest extends HttpServletRequestWrapper {

		private final long maxRequestBytes;

		private final String contentType;

		private ServletInputStream body;

		ApiRequest(HttpServletRequest request, long maxRequestBytes) {
			super(request);
			this.maxRequestBytes = maxRequestBytes;
			String sent = namesAType(request.getContentType()) ? request.getContentType() : null;
			this.contentType = (sent == null && hasBody(request)) ? MediaType.APPLICATION_JSON_VALUE : sent;
		}

		/**
		 * Whether a content type says what the body is. A wildcard (any type, or any
		 * subtype such as {@code application/*}) says nothing, and Spring refuses to even
		 * hold one as the type of a request body.
		 */
		private static boolean namesAType(String contentType) {
			if (contentType == null) {
				return false;
			}
			try {
				MediaType type = MediaType.parseMediaType(contentType);
				return !type.isWildcardType() && !type.isWildcardSubtype();
			}
			catch (InvalidMediaTypeException ex) {
				// Not ours to judge: Spring answers an unreadable content type with a
				// 415.
				return true;
			}
		}

		private static boolean hasBody(HttpServletRequest request) {
			return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		}

		@Override
		public String getContentType() {
			return this.contentType;
		}

		@Override
		public String getHeader(String name) {
			if (HttpHeaders.ACCEPT.equalsIgnoreCase(name)) {
				return MediaType.ALL_VALUE;
			}
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return this.contentType;
			}
			return super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (HttpHeaders.ACCEPT.equalsIgnoreCase(name)) {
				return Collections.enumeration(Collections.singletonList(MediaType.ALL_VALUE));
			}
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return (this.contentType != null) ? Collections.enumeration(Collections.singletonList(this.contentType))
						: Collections.emptyEnumeration();
			}
			return super.getHeaders(name);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.body == null) {
				this.body = new LimitedInputStream(super.getInputStream(), this.maxRequestBytes);
			}
			return this.body;
		}

	}

	/**
	 * Counts the bytes of a body whose length was not announced (chunked) and stops at
	 * the cap.
	 */
	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long count;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.count += n;
			if (this.count > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
