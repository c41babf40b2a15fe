package io.ridewire.functions.rest;

/** A REST request refused with a 4xx status and a JSON {@link JsonErrors.ErrorBody}. */
public final class RequestRefused extends RuntimeException {
    private final int status;
    private final String error;

    public RequestRefused(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static RequestRefused notFound(String message) {
        return new RequestRefused(404, "not_found", message);
    }

    public static RequestRefused forbidden(String message) {
        return new RequestRefused(403, "forbidden", message);
    }

    public static RequestRefused conflict(String error, String message) {
        return new RequestRefused(409, error, message);
    }
}
