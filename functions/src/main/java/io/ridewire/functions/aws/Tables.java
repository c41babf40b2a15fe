package io.ridewire.functions.aws;

import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the tables of {@link TableCatalogue} (keys, indexes, TTL) under a name prefix: for DynamoDB Local (the local
 * stack, the services' tests); on AWS the CDK app creates them from the same catalogue.
 */
public final class Tables {
    private Tables() {
    }

    public static void createAll(DynamoDbClient dynamo, String prefix) {
        for (TableSpec table : TableCatalogue.all()) {
            create(dynamo, prefix + table.name(), table);
        }
    }

    static void create(DynamoDbClient dynamo, String name, TableSpec table) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        define(attributes, table.partitionKey());
        table.sortKeyIfAny().ifPresent(key -> define(attributes, key));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSpec.Index index : table.indexes()) {
            define(attributes, index.partitionKey());
            if (index.sortKey() != null) {
                define(attributes, index.sortKey());
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keys(index.partitionKey(), index.sortKey()))
                    .projection(index.included().isEmpty()
                            ? Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()
                            : Projection.builder().projectionType(ProjectionType.INCLUDE)
                                    .nonKeyAttributes(index.included()).build())
                    .build());
        }
        try {
            dynamo.createTable(b -> {
                b.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes.values())
                        .keySchema(keys(table.partitionKey(), table.sortKey()));
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes);
                }
            });
        } catch (ResourceInUseException exists) {
            return;
        }
        dynamo.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(table.ttlAttribute())));
    }

    private static void define(Map<String, AttributeDefinition> attributes, TableSpec.Attribute attribute) {
        attributes.putIfAbsent(attribute.name(), AttributeDefinition.builder()
                .attributeName(attribute.name())
                .attributeType(attribute.type() == TableSpec.Type.NUMBER ? ScalarAttributeType.N : ScalarAttributeType.S)
                .build());
    }

    private static List<KeySchemaElement> keys(TableSpec.Attribute partition, TableSpec.Attribute sort) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build());
        if (sort != null) {
            keys.add(KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build());
        }
        return keys;
    }
}
