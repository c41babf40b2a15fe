package io.ridewire.infra;

import io.ridewire.deployment.Needs;
import io.ridewire.deployment.TableAction;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One DynamoDB table per {@link TableCatalogue#all()} entry, declared from the same {@link TableSpec} the local stack
 * creates its tables from: on-demand, TTL on the catalogue's attribute, point-in-time recovery, deletion protection
 * as configured.
 */
public final class DataTables extends Construct {
    private final Map<String, Table> byName = new LinkedHashMap<>();

    public DataTables(Construct scope, String id, StackSettings settings) {
        super(scope, id);
        for (TableSpec spec : TableCatalogue.all()) {
            byName.put(spec.name(), declare(spec, settings));
        }
    }

    private Table declare(TableSpec spec, StackSettings settings) {
        var builder = Table.Builder.create(this, construct(spec.name()))
                .tableName(settings.prefix() + spec.name())
                .partitionKey(attribute(spec.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(spec.ttlAttribute())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(settings.deletionProtection())
                .removalPolicy(settings.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
        spec.sortKeyIfAny().ifPresent(sort -> builder.sortKey(attribute(sort)));
        Table table = builder.build();
        for (TableSpec.Index index : spec.indexes()) {
            var gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()));
            if (index.sortKey() != null) {
                gsi.sortKey(attribute(index.sortKey()));
            }
            if (index.included().isEmpty()) {
                gsi.projectionType(ProjectionType.KEYS_ONLY);
            } else {
                gsi.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(index.included());
            }
            table.addGlobalSecondaryIndex(gsi.build());
        }
        return table;
    }

    private static Attribute attribute(TableSpec.Attribute attribute) {
        return Attribute.builder()
                .name(attribute.name())
                .type(attribute.type() == TableSpec.Type.NUMBER ? AttributeType.NUMBER : AttributeType.STRING)
                .build();
    }

    /** {@code connections} → {@code Connections}: the construct id, stable across deploys. */
    static String construct(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id + "Table";
    }

    /**
     * Grants exactly {@code needs}' actions, in the role's default policy: {@link #statements}.
     */
    public void grant(IRole role, Needs needs) {
        statements(needs).forEach(role::addToPrincipalPolicy);
    }

    /**
     * Exactly {@code needs}' actions: one statement per table, on the table (and one on its indexes only for
     * {@link TableAction#QUERY_INDEX}).
     */
    public List<PolicyStatement> statements(Needs needs) {
        List<PolicyStatement> statements = new ArrayList<>();
        needs.tables().forEach((name, actions) -> {
            Table table = byName.get(name);
            if (table == null) {
                throw new IllegalArgumentException("needs name an unknown table: " + name);
            }
            List<String> onTable = actions.stream().filter(a -> !a.onIndexes()).map(TableAction::iamAction).toList();
            if (!onTable.isEmpty()) {
                statements.add(PolicyStatement.Builder.create()
                        .actions(onTable).resources(List.of(table.getTableArn())).build());
            }
            if (actions.stream().anyMatch(TableAction::onIndexes)) {
                statements.add(PolicyStatement.Builder.create()
                        .actions(List.of(TableAction.QUERY_INDEX.iamAction()))
                        .resources(List.of(table.getTableArn() + "/index/*")).build());
            }
        });
        return statements;
    }

    /** Tables by their catalogue name, in catalogue order. */
    public Map<String, Table> byName() {
        return Collections.unmodifiableMap(byName);
    }
}
