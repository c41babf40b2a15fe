package io.ridewire.functions.aws;

import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the tables of {@link TableCatalogue} (keys, indexes, TTL) under a name prefix: for DynamoDB Local (the local
 * stack, the services' tests); on AWS the CDK app creates them from the same catalogue.
 */
public final class Tables {
    private static final Logger LOG = LoggerFactory.getLogger(Tables.class);
    /** Items a BatchWriteItem takes at most. */
    private static final int BATCH = 25;

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
            rebuildIfIndexesMissing(dynamo, name, table);
            return;
        }
        dynamo.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(table.ttlAttribute())));
    }

    /**
     * A table kept by an older version ({@code ./ridewire up --persist}) may lack an index the catalogue added since:
     * it is copied, created anew and filled again, as CDK would backfill the index. DynamoDB Local cannot add an index
     * to a table in place: its queries fail after UpdateTable.
     */
    private static void rebuildIfIndexesMissing(DynamoDbClient dynamo, String name, TableSpec table) {
        Set<String> present = new HashSet<>();
        for (GlobalSecondaryIndexDescription index
                : dynamo.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes()) {
            present.add(index.indexName());
        }
        List<String> missing = table.indexes().stream().map(TableSpec.Index::name)
                .filter(index -> !present.contains(index)).toList();
        if (missing.isEmpty()) {
            return;
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(name).consistentRead(true)).items().forEach(items::add);
        LOG.warn("table {} lacks the index(es) {} (kept by an older version): rebuilding it with its {} items",
                name, missing, items.size());
        dynamo.deleteTable(b -> b.tableName(name));
        create(dynamo, name, table);
        for (int from = 0; from < items.size(); from += BATCH) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + BATCH)).stream()
                    .map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(name, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
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
