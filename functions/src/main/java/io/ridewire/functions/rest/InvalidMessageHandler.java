package io.ridewire.functions.rest;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import jakarta.inject.Singleton;

/**
 * A request body or parameter that fails validation ({@link InvalidMessage}, read with {@code Fields}) → 400 with the
 * same field and code the WebSocket's {@code error.validation} carries (403 / 404 / 409 for those codes).
 */
@Singleton
@Produces
public class InvalidMessageHandler implements ExceptionHandler<InvalidMessage, MutableHttpResponse<?>> {

    /** The body of a validation error. */
    @Serdeable
    public record ValidationBody(String error, String message, String field, String code) {
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, InvalidMessage invalid) {
        int status = switch (invalid.code()) {
            case ErrorCode.FORBIDDEN -> 403;
            case ErrorCode.NOT_FOUND -> 404;
            case ErrorCode.CONFLICT -> 409;
            default -> 400;
        };
        return HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(status))
                .body(new ValidationBody("validation", invalid.getMessage(), invalid.field(), invalid.code()));
    }
}
