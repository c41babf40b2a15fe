package io.ridewire.functions.rest;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** 401 and 403 from the security layer answer with a JSON body, like every other REST error. */
@Singleton
@Produces
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class JsonErrors implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    /** The body of every REST error. */
    @Serdeable
    public record ErrorBody(String error, String message) {
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return HttpResponse.status(HttpStatus.FORBIDDEN)
                    .body(new ErrorBody("forbidden", "your role may not use " + request.getPath()));
        }
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .body(new ErrorBody("unauthorized", "a valid bearer token is required"));
    }
}
