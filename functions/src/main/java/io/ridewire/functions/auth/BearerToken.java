package io.ridewire.functions.auth;

import java.util.Map;

/** Finds the token: {@code Authorization: Bearer …} first, then the {@code token} query parameter (browsers). */
public final class BearerToken {
    private static final String PREFIX = "bearer ";

    private BearerToken() {
    }

    public static String of(Map<String, String> headers, Map<String, String> query) {
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if ("authorization".equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                    String value = header.getValue().trim();
                    if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                        return value.substring(PREFIX.length()).trim();
                    }
                }
            }
        }
        if (query != null && query.get("token") != null) {
            return query.get("token").trim();
        }
        return null;
    }
}
