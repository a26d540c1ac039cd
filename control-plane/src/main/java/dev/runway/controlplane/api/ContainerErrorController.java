package dev.runway.controlplane.api;

import dev.runway.controlplane.problem.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container forwards a request it answers with an error itself (TRACE, a broken chunk, an
 * exception no handler caught): problem+json in place of Spring Boot's error map. Called directly,
 * {@code /error} is no endpoint: 404.
 */
@RestController
class ContainerErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status
                ? Problems.forStatus(status) : Problems.forStatus(404);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            problem.setInstance(Problems.instance(path));
        }
        Problems.write(request, response, problem);
    }
}
