package io.ridewire.functions.rest;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * The errors Micronaut answers itself (no such route, a method or content type the route does not take, a parameter
 * it cannot convert, an unexpected exception) carry the body every REST error has, {@link JsonErrors.ErrorBody},
 * instead of Micronaut's HATEOAS one; a 5xx says nothing of its cause, which is in the log.
 */
@Singleton
public class FrameworkErrors implements ErrorResponseProcessor<JsonErrors.ErrorBody> {

    @Override
    public MutableHttpResponse<JsonErrors.ErrorBody> processResponse(ErrorContext context,
                                                                     MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String message = status.getCode() >= 500 ? "internal error"
                : context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(new JsonErrors.ErrorBody(name(status), message));
    }

    /** {@code not_found}, {@code method_not_allowed}, … */
    static String name(HttpStatus status) {
        return status.getCode() >= 500 ? "internal" : status.name().toLowerCase(Locale.ROOT);
    }
}
