package io.ridewire.deployment;

import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB table as the code uses it: keys, secondary indexes and TTL attribute. The local stack creates tables
 * from these and the CDK stack declares them from the same list, so the two cannot drift apart.
 *
 * @param name         logical name; the physical name is the configured prefix + this
 * @param partitionKey partition key attribute
 * @param sortKey      sort key attribute, or null
 * @param indexes      global secondary indexes
 * @param ttlAttribute epoch-seconds attribute DynamoDB expires items by
 * @param purpose      the access patterns it serves, for the documentation
 */
public record TableSpec(
        String name,
        Attribute partitionKey,
        Attribute sortKey,
        List<Index> indexes,
        String ttlAttribute,
        String purpose) {

    public Optional<Attribute> sortKeyIfAny() {
        return Optional.ofNullable(sortKey);
    }

    /** A key attribute with its scalar type. */
    public record Attribute(String name, Type type) {
        public static Attribute string(String name) {
            return new Attribute(name, Type.STRING);
        }

        public static Attribute number(String name) {
            return new Attribute(name, Type.NUMBER);
        }
    }

    public enum Type {
        STRING,
        NUMBER
    }

    /**
     * A global secondary index.
     *
     * @param included non-key attributes projected into the index (empty: keys only)
     */
    public record Index(String name, Attribute partitionKey, Attribute sortKey, List<String> included) {
    }
}
