package io.ridewire.functions.aws;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import io.ridewire.functions.testing.ServiceContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Tables made from the catalogue on DynamoDB Local, including one kept by an older version without a newer index. */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class TablesTest {
    private static final int ITEMS = 60;

    @Inject
    DynamoDbClient dynamo;

    @Test
    void aKeptTableWithoutAnIndexTheCatalogueAddedSince_getsIt_andKeepsEveryItem() {
        String prefix = "tables" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String name = prefix + TableCatalogue.DEADLINES.name();
        TableSpec older = new TableSpec(TableCatalogue.DEADLINES.name(), TableCatalogue.DEADLINES.partitionKey(), null,
                TableCatalogue.DEADLINES.indexes().subList(0, 1), TableCatalogue.DEADLINES.ttlAttribute(), "older");
        Tables.create(dynamo, name, older);
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                    "deadline_id", AttributeValue.fromS("d-" + i), "shard", AttributeValue.fromS("0"),
                    "due", AttributeValue.fromN(String.valueOf(1000 + i)), "kind", AttributeValue.fromS("test")));
            if (i % 3 == 0) {
                item.put("failing_since", AttributeValue.fromN(String.valueOf(500 + i)));
            }
            dynamo.putItem(b -> b.tableName(name).item(item));
        }

        Tables.createAll(dynamo, prefix);

        List<String> indexes = dynamo.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).toList();
        assertThat(indexes).containsExactlyInAnyOrder("by_due", "by_failing");
        assertThat(dynamo.scan(b -> b.tableName(name)).count()).isEqualTo(ITEMS);
        Map<String, String> shard = Map.of("#s", "shard");
        assertThat(dynamo.query(b -> b.tableName(name).indexName("by_failing").keyConditionExpression("#s = :s")
                .expressionAttributeNames(shard).expressionAttributeValues(Map.of(":s", AttributeValue.fromS("0"))))
                .count()).as("the sparse index holds the failing items").isEqualTo(ITEMS / 3);
        assertThat(dynamo.query(b -> b.tableName(name).indexName("by_due").keyConditionExpression("#s = :s AND due < :d")
                .expressionAttributeNames(shard).expressionAttributeValues(
                        Map.of(":s", AttributeValue.fromS("0"), ":d", AttributeValue.fromN("1010"))))
                .count()).isEqualTo(10);

        Tables.createAll(dynamo, prefix);
        assertThat(dynamo.scan(b -> b.tableName(name)).count()).as("a table as the catalogue says is kept")
                .isEqualTo(ITEMS);
    }
}
