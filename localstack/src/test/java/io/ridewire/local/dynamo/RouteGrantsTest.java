package io.ridewire.local.dynamo;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local IAM allows a route exactly what its Needs declare, as the CDK stack grants its role. */
class RouteGrantsTest {
    private final RouteGrants grants = new RouteGrants("t-");

    @Test
    void aCallTheRoutesNeedsDeclare_isAllowed() {
        assertThatCode(() -> grants.check("match.request", BatchGetItemRequest.builder()
                .requestItems(Map.of("t-events", KeysAndAttributes.builder().keys(Map.of()).build())).build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> grants.check("$disconnect", GetItemRequest.builder().tableName("t-connections").build()))
                .doesNotThrowAnyException();
        assertThat(grants.refused()).isEmpty();
    }

    @Test
    void aCallBeyondTheRoutesNeeds_isAccessDenied_andKept() {
        assertThatThrownBy(() -> grants.check("ping", GetItemRequest.builder().tableName("t-wallets").build()))
                .isInstanceOfSatisfying(DynamoDbException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        assertThatThrownBy(() -> grants.check("$rest", QueryRequest.builder().tableName("t-matches").indexName("x").build()))
                .isInstanceOf(DynamoDbException.class);
        assertThatThrownBy(() -> grants.check("$connect", ScanRequest.builder().tableName("t-connections").build()))
                .isInstanceOf(DynamoDbException.class);
        assertThat(grants.refused()).containsExactly("ping may not dynamodb:GetItem on wallets",
                "$rest may not dynamodb:Query (index) on matches", "$connect may not dynamodb:Scan on connections");
    }

    @Test
    void eachItemOfATransaction_isCheckedForItsOwnAction() {
        TransactWriteItemsRequest checkOnRides = TransactWriteItemsRequest.builder().transactItems(TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder().tableName("t-rides").build()).build()).build();
        assertThatCode(() -> grants.check("match.accept", checkOnRides)).doesNotThrowAnyException();
        assertThatThrownBy(() -> grants.check("ack", checkOnRides)).isInstanceOf(DynamoDbException.class);
    }

    @Test
    void theBridge_mayDoWhatItsPartsDeclare_andNothingMore() {
        // the sweeper's census, the poller's claim query, a deadline handler's transaction
        assertThatCode(() -> grants.check(RouteGrants.BRIDGE, ScanRequest.builder().tableName("t-connections").build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> grants.check(RouteGrants.BRIDGE,
                QueryRequest.builder().tableName("t-deadlines").indexName("by_due").build())).doesNotThrowAnyException();
        assertThatCode(() -> grants.check(RouteGrants.BRIDGE, TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("t-rides").build()).build())
                .build())).doesNotThrowAnyException();
        assertThatThrownBy(() -> grants.check(RouteGrants.BRIDGE,
                GetItemRequest.builder().tableName("t-ledger").build()))
                .isInstanceOfSatisfying(DynamoDbException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        assertThatThrownBy(() -> grants.check(RouteGrants.BRIDGE, ScanRequest.builder().tableName("t-events").build()))
                .isInstanceOf(DynamoDbException.class);
        assertThat(grants.refused()).containsExactly("$bridge may not dynamodb:GetItem on ledger",
                "$bridge may not dynamodb:Scan on events");
    }

    @Test
    void workAttributedToNoFunction_andTablesOfNoStack_areNotJudged() {
        assertThatCode(() -> grants.check("bench-label", GetItemRequest.builder().tableName("t-wallets").build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> grants.check("ping", GetItemRequest.builder().tableName("other-wallets").build()))
                .doesNotThrowAnyException();
    }
}
