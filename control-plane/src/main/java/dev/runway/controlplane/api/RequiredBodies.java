package dev.runway.controlplane.api;

import dev.runway.controlplane.problem.InvalidInputException;
import java.lang.reflect.Type;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * A body the endpoint requires must be there: an empty body, a JSON {@code null} or a {@code null} in a batch
 * is refused naming what is missing, before Spring would report it with the controller method's signature.
 */
@ControllerAdvice
class RequiredBodies extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converter) {
        return true;
    }

    @Override
    public Object handleEmptyBody(Object body, HttpInputMessage message, MethodParameter parameter, Type targetType,
                                  Class<? extends HttpMessageConverter<?>> converter) {
        return checked(body, parameter);
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage message, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converter) {
        return checked(body, parameter);
    }

    private static Object checked(Object body, MethodParameter parameter) {
        RequestBody annotation = parameter.getParameterAnnotation(RequestBody.class);
        if (body == null && annotation != null && annotation.required()) {
            throw new RequestBodyMissingException(List.class.isAssignableFrom(parameter.getParameterType()));
        }
        if (body instanceof List<?> batch) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) == null) {
                    throw InvalidInputException.of("[" + i + "]", "must be a JSON object, not null");
                }
            }
        }
        return body;
    }
}
