package dev.runway.controlplane.api;

import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.NotFoundException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every error into RFC 9457 problem+json that names what is wrong. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String TYPES = "https://runway.dev/problems/";

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input", e.getMessage());
        problem.setProperty("errors", e.errors());
        if (e.moreErrors() > 0) {
            problem.setProperty("moreErrors", e.moreErrors());
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
        problem.setProperty("errors", java.util.List.of(new InvalidInputException.FieldError(e.field(), e.reason())));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        String detail = e.getName() + " must be a " + expected + ", not '" + e.getValue() + "'";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
        problem.setProperty("errors", java.util.List.of(new InvalidInputException.FieldError(e.getName(),
                "must be a " + expected)));
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String cause = e.getMostSpecificCause().getMessage();
        String detail = "the request body is not valid JSON for this endpoint"
                + (cause == null ? "" : ": " + cause.lines().findFirst().orElse(cause));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", detail));
    }

    @ExceptionHandler
    ProblemDetail unexpected(RuntimeException e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the control plane failed; its log has the details");
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }
}
