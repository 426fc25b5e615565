package dev.memstore.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report, for requests it refuses before they reach the application (an
 * encoded slash or NUL in the path, broken percent-encoding): the error envelope instead
 * of Tomcat's HTML page.
 */
class ApiErrorReportValve extends ErrorReportValve {

	private final ApiErrorWriter writer;

	ApiErrorReportValve(ApiErrorWriter writer) {
		this.writer = writer;
	}

	/**
	 * Replaces the host's error report valves with this one, once the host has started
	 * and added its own.
	 */
	static void installOn(Host host, ApiErrorWriter writer) {
		host.addLifecycleListener((event) -> {
			if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
				Pipeline pipeline = host.getPipeline();
				for (Valve valve : pipeline.getValves()) {
					if (valve instanceof ErrorReportValve) {
						pipeline.removeValve(valve);
					}
				}
				pipeline.addValve(new ApiErrorReportValve(writer));
			}
		});
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			this.writer.write(request, response, ApiErrorController.describeStatus(status));
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response already chose a writer: nothing more
			// can be said.
		}
	}

}
