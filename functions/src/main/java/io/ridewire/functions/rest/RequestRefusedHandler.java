package io.ridewire.functions.rest;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** {@link RequestRefused} → its status with {@code {"error", "message"}}. */
@Singleton
@Produces
public class RequestRefusedHandler implements ExceptionHandler<RequestRefused, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, RequestRefused refused) {
        return HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(refused.status()))
                .body(new JsonErrors.ErrorBody(refused.error(), refused.getMessage()));
    }
}
