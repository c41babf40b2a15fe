package io.ridewire.model.inbound;

import io.ridewire.model.protocol.Fields;

/** {@code auth.refresh}: a fresh token for the same session, at most {@value #MAX_TOKEN_LENGTH} characters. */
public record AuthRefresh(String token) {
    /** The longest token accepted (an RS256 JWT with a few claims is about 1 KB). */
    static final int MAX_TOKEN_LENGTH = 8192;

    public static AuthRefresh read(Fields payload) {
        return new AuthRefresh(payload.string("token", MAX_TOKEN_LENGTH));
    }
}
