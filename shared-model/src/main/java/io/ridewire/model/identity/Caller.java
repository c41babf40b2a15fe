package io.ridewire.model.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a message, as the {@code $connect} authorizer established it. It travels in
 * {@code requestContext.authorizer} to every later route, so no handler looks the caller up in a table.
 *
 * @param userId  the token's subject ({@code sub} or {@code user_id})
 * @param role    the token's role
 * @param storeId the merchant's store ({@code store_id}), null for other roles
 */
public record Caller(String userId, Role role, String storeId) {
    public static final String USER_ID = "userId";
    public static final String ROLE = "role";
    public static final String STORE_ID = "storeId";

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }

    /** The authorizer context (string values only, as API Gateway requires). */
    public Map<String, Object> toAuthorizerContext() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(USER_ID, userId);
        context.put(ROLE, role.claim());
        if (storeId != null) {
            context.put(STORE_ID, storeId);
        }
        return context;
    }

    /** Reads the caller from {@code requestContext.authorizer}; empty when the context lacks identity. */
    public static Optional<Caller> fromAuthorizerContext(Map<String, ?> context) {
        if (context == null) {
            return Optional.empty();
        }
        Object userId = context.get(USER_ID);
        Optional<Role> role = Role.fromClaim(context.get(ROLE) instanceof String s ? s : null);
        if (!(userId instanceof String id) || id.isBlank() || role.isEmpty()) {
            return Optional.empty();
        }
        Object storeId = context.get(STORE_ID);
        return Optional.of(new Caller(id, role.get(), storeId instanceof String s && !s.isBlank() ? s : null));
    }

    public boolean is(Role expected) {
        return role == expected;
    }
}
