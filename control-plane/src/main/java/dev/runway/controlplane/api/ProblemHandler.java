package dev.runway.controlplane.api;

import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.problem.Problems;
import java.util.List;
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

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e) {
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input",
                e.getMessage(), e.errors());
        if (e.moreErrors() > 0) {
            problem.setProperty("moreErrors", e.moreErrors());
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadRequestException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage(),
                List.of(new InvalidInputException.FieldError(e.field(), e.reason())));
    }

    @ExceptionHandler
    ProblemDetail bodyRequired(RequestBodyMissingException e) {
        return missingBody(e.array());
    }

    @ExceptionHandler
    ProblemDetail bodyTooLarge(RequestBodyTooLargeException e) {
        return tooLarge(e.limit(), e.setting());
    }

    @ExceptionHandler
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = BodyProblems.expected(e.getRequiredType());
        return Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                e.getName() + " " + expected + ", not '" + e.getValue() + "'",
                List.of(new InvalidInputException.FieldError(e.getName(), expected)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = BodyProblems.of(e);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler
    ProblemDetail unexpected(RuntimeException e) {
        log.error("unexpected error", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the control plane failed; its log has the details");
    }

    static ProblemDetail missingBody(boolean array) {
        return Problems.of(HttpStatus.BAD_REQUEST, "body-required", "Body required",
                "a JSON body is required: send a JSON " + (array ? "array" : "object"));
    }

    static ProblemDetail tooLarge(long limit, String setting) {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                "the request body is longer than the limit of " + limit + " bytes (" + setting + ")");
        problem.setProperty("maxRequestBytes", limit);
        return problem;
    }
}
