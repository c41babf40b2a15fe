package io.ridewire.bridge.relay;

import java.util.HashMap;
import java.util.Map;

/** Retry policies by category, the spec's by default, each overridable by configuration. */
public final class RetryPolicies {
    private static final Map<String, RetryPolicy> SPEC = Map.of(
            "location", RetryPolicy.parse("3/exponential/1s/30s"),
            "ride", RetryPolicy.parse("5/linear/2s/60s"),
            "payment", RetryPolicy.parse("10/exponential/5s/300s"),
            "default", RetryPolicy.parse("5/exponential/1s/30s"));

    private final Map<String, RetryPolicy> policies;

    public RetryPolicies(Map<String, String> overrides) {
        Map<String, RetryPolicy> merged = new HashMap<>(SPEC);
        overrides.forEach((category, text) -> merged.put(category, RetryPolicy.parse(text)));
        this.policies = Map.copyOf(merged);
    }

    public RetryPolicy forCategory(String category) {
        return policies.getOrDefault(category, policies.get("default"));
    }
}
