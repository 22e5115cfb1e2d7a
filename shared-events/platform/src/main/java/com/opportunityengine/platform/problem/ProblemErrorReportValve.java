package com.opportunityengine.platform.problem;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error report, as problem+json: what the container answers before any servlet runs (a request line or a
 * header it cannot parse, a header over {@code server.max-http-request-header-size}, a URI it will not decode) is
 * written through {@link Problems} instead of Tomcat's HTML page. It names no exception and no server version.
 * Installed on the host by {@link ProblemErrorPages}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.resetBuffer();
            Problems.write(request, response, Problems.forStatus(HttpStatusCode.valueOf(status), null));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the answer was begun: nothing more to say
        }
    }
}
