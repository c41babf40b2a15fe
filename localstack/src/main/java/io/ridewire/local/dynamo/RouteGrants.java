package io.ridewire.local.dynamo;

import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.deployment.Needs;
import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import io.ridewire.deployment.TableAction;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.DynamoCallCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local stack's IAM for DynamoDB: a call a function makes while one of its routes runs is refused with
 * {@code AccessDeniedException} unless the route's {@link Needs} — exactly what the CDK stack grants its role — allow
 * its action on its table, as AWS would refuse it. Without this, a grant missing from {@code Needs} passes every local
 * test and fails only in the cloud. The bridge's work (relay, welcome relay, sweeper, deadline poller and the handlers
 * it fires) runs as {@link #BRIDGE} and is held to {@link BridgeCatalogue#NEEDS}, what the stack grants its task role.
 * Refusals are also kept ({@link #refused()}), since code that tolerates a failing call (logging it) would otherwise
 * hide one.
 */
public final class RouteGrants implements DynamoCallCounter.Guard {
    /** The route key the REST API's calls run under. */
    public static final String REST_API = "$rest";
    /** The route key the $connect authorizer's calls run under. */
    public static final String AUTHORIZER = "$authorizer";
    /** The principal the bridge's calls run under, in whichever process runs its parts. */
    public static final String BRIDGE = BridgeCatalogue.PRINCIPAL;

    private static final Logger LOG = LoggerFactory.getLogger(RouteGrants.class);

    private final String tablePrefix;
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public RouteGrants(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    /** A table and the action a call takes on it. */
    record Access(String table, TableAction action) {
    }

    @Override
    public void check(String route, SdkRequest request) {
        Optional<Needs> needs = needsOf(route);
        if (needs.isEmpty()) {
            return; // work attributed to a name that is no function (a benchmark's or test's label)
        }
        for (Access access : accesses(request)) {
            if (access.table() == null) {
                continue; // not one of this stack's tables
            }
            if (!needs.get().tables().getOrDefault(access.table(), Set.of()).contains(access.action())) {
                String what = route + " may not " + access.action().iamAction()
                        + (access.action().onIndexes() ? " (index)" : "") + " on " + access.table();
                String declared = BRIDGE.equals(route) ? "BridgeCatalogue" : "the route's Needs";
                refused.add(what);
                LOG.error("AccessDenied (local IAM, {}): {}", declared, what);
                throw DynamoDbException.builder().statusCode(400)
                        .message("not authorized: " + what + " (declare it in " + declared + ")")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                                .serviceName("DynamoDb").errorMessage("not authorized: " + what).build())
                        .build();
            }
        }
    }

    /** Every call refused so far, as "route may not dynamodb:Action on table". */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    static Optional<Needs> needsOf(String route) {
        return switch (route) {
            case REST_API -> Optional.of(RouteCatalogue.REST_API_NEEDS);
            case AUTHORIZER -> Optional.of(RouteCatalogue.AUTHORIZER_NEEDS);
            case BRIDGE -> Optional.of(BridgeCatalogue.NEEDS);
            default -> RouteCatalogue.byKey(route).map(Route::needs);
        };
    }

    List<Access> accesses(SdkRequest request) {
        List<Access> accesses = new ArrayList<>();
        switch (request) {
            case GetItemRequest r -> accesses.add(access(r.tableName(), TableAction.GET_ITEM));
            case PutItemRequest r -> accesses.add(access(r.tableName(), TableAction.PUT_ITEM));
            case UpdateItemRequest r -> accesses.add(access(r.tableName(), TableAction.UPDATE_ITEM));
            case DeleteItemRequest r -> accesses.add(access(r.tableName(), TableAction.DELETE_ITEM));
            case QueryRequest r -> accesses.add(access(r.tableName(),
                    r.indexName() == null ? TableAction.QUERY : TableAction.QUERY_INDEX));
            case DescribeTableRequest r -> accesses.add(access(r.tableName(), TableAction.DESCRIBE_TABLE));
            case ScanRequest r -> accesses.add(access(r.tableName(), TableAction.SCAN));
            case BatchGetItemRequest r -> r.requestItems().keySet()
                    .forEach(table -> accesses.add(access(table, TableAction.BATCH_GET_ITEM)));
            case BatchWriteItemRequest r -> r.requestItems().keySet()
                    .forEach(table -> accesses.add(access(table, TableAction.BATCH_WRITE_ITEM)));
            case TransactGetItemsRequest r -> r.transactItems()
                    .forEach(item -> accesses.add(access(item.get().tableName(), TableAction.GET_ITEM)));
            case TransactWriteItemsRequest r -> r.transactItems().forEach(item -> accesses.add(transacted(item)));
            default -> throw DynamoDbException.builder().statusCode(400)
                    .message("not authorized: no function is granted " + request.getClass().getSimpleName())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build();
        }
        return accesses;
    }

    private Access transacted(TransactWriteItem item) {
        if (item.put() != null) {
            return access(item.put().tableName(), TableAction.PUT_ITEM);
        }
        if (item.update() != null) {
            return access(item.update().tableName(), TableAction.UPDATE_ITEM);
        }
        if (item.delete() != null) {
            return access(item.delete().tableName(), TableAction.DELETE_ITEM);
        }
        return access(item.conditionCheck().tableName(), TableAction.CONDITION_CHECK_ITEM);
    }

    private Access access(String physical, TableAction action) {
        if (physical == null || !physical.startsWith(tablePrefix)) {
            return new Access(null, action);
        }
        String name = physical.substring(tablePrefix.length());
        boolean known = TableCatalogue.all().stream().anyMatch(spec -> spec.name().equals(name));
        return new Access(known ? name : null, action);
    }
}
