package dev.runway.controlplane.api;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code runway.api.max-request-bytes} (webhook deliveries: over
 * {@code runway.webhooks.max-body-bytes}) with 413: at once when the Content-Length says so, otherwise (chunked)
 * while the body is read, never reading more than one byte past the limit. It runs before authentication, so an
 * oversized body is never read, whoever sends it. Deliveries are told apart by the path Spring routes on, as
 * {@code /hooks/**}; a path spelled to look like one otherwise is refused by the firewall before its body is read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    static final String API_SETTING = "runway.api.max-request-bytes";
    static final String WEBHOOKS_SETTING = "runway.webhooks.max-body-bytes";

    private final RequestMatcher deliveries = PathPatternRequestMatcher.withDefaults().matcher("/hooks/**");
    private final long apiLimit;
    private final long deliveryLimit;

    RequestBodyLimitFilter(RunwayProperties properties) {
        this.apiLimit = properties.api().maxRequestBytes().toBytes();
        this.deliveryLimit = properties.webhooks().maxBodyBytes().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean delivery = deliveries.matches(request);
        long limit = delivery ? deliveryLimit : apiLimit;
        String setting = delivery ? WEBHOOKS_SETTING : API_SETTING;
        if (request.getContentLengthLong() > limit) {
            Problems.write(request, response, ProblemHandler.tooLarge(limit, setting));
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit, setting), response);
        } catch (RequestBodyTooLargeException e) {
            // read by something Spring MVC's error handling does not see, such as another filter
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            Problems.write(request, response, ProblemHandler.tooLarge(limit, setting));
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final String setting;
        private ServletInputStream body;

        LimitedRequest(HttpServletRequest request, long limit, String setting) {
            super(request);
            this.limit = limit;
            this.setting = setting;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new LimitedInputStream(super.getInputStream(), limit, setting);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            try {
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                return new BufferedReader(new InputStreamReader(getInputStream(), charset));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedEncodingException(encoding);
            }
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final String setting;
        private long count;

        LimitedInputStream(ServletInputStream in, long limit, String setting) {
            this.in = in;
            this.limit = limit;
            this.setting = setting;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // one byte past the limit is enough to know it is exceeded
            int n = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws RequestBodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new RequestBodyTooLargeException(limit, setting);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
