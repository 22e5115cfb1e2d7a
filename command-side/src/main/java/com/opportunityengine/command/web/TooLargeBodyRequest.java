package com.opportunityengine.command.web;

import com.opportunityengine.platform.problem.PayloadTooLargeException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;

/** A request whose body was too large: reading it fails with {@link PayloadTooLargeException}. */
final class TooLargeBodyRequest extends HttpServletRequestWrapper {

    private final long limit;

    TooLargeBodyRequest(HttpServletRequest request, long limit) {
        super(request);
        this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                throw new PayloadTooLargeException(limit);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("synchronous reads only");
            }
        };
    }

    @Override
    public BufferedReader getReader() throws IOException {
        throw new PayloadTooLargeException(limit);
    }
}
