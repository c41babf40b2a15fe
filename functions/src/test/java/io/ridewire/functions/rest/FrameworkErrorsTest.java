package io.ridewire.functions.rest;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameworkErrorsTest {
    private final FrameworkErrors errors = new FrameworkErrors();

    @Test
    void aClientError_keepsMicronautsMessage_underItsStatusName() {
        ErrorContext context = ErrorContext.builder(HttpRequest.DELETE("/orders"))
                .errorMessage("Method [DELETE] not allowed for URI [/orders]. Allowed methods: [POST]").build();

        MutableHttpResponse<JsonErrors.ErrorBody> response =
                errors.processResponse(context, HttpResponse.status(HttpStatus.METHOD_NOT_ALLOWED));

        assertThat(response.body()).isEqualTo(new JsonErrors.ErrorBody("method_not_allowed",
                "Method [DELETE] not allowed for URI [/orders]. Allowed methods: [POST]"));
        assertThat(response.getContentType()).hasValueSatisfying(type -> assertThat(type.getName()).isEqualTo("application/json"));
    }

    @Test
    void aServerError_saysNothingOfItsCause() {
        ErrorContext context = ErrorContext.builder(HttpRequest.GET("/orders/o-1"))
                .cause(new IllegalStateException("table ridewire-orders: key schema mismatch"))
                .errorMessage("Internal Server Error: table ridewire-orders: key schema mismatch").build();

        MutableHttpResponse<JsonErrors.ErrorBody> response = errors.processResponse(context, HttpResponse.serverError());

        assertThat(response.body()).isEqualTo(new JsonErrors.ErrorBody("internal", "internal error"));
    }
}
