package io.ridewire.infra;

import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import io.ridewire.deployment.TableAction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege, function by function: what each role may do, read back from the synthesized template, is the
 * table below — the routes' declared {@code Needs}, reviewed against their handlers' code paths. A route that
 * starts touching a new table changes its {@code Needs} and this table in the same commit.
 */
class GrantsTest {
    /** Every message route: the session check reads a refreshed token's expiry. */
    private static final String SESSION_CHECK = " connections:GetItem";
    /** Re-sends, proposals, grace periods, session expiry: deadlines in their table. */
    private static final String DEADLINES = " deadlines:GetItem,PutItem,UpdateItem,DeleteItem,BatchWriteItem";
    /**
     * Whatever pushes: a 410 makes the connection leave in that function, and its listeners cancel session timers,
     * schedule a driver's offline grace and read the orders the driver viewed.
     */
    private static final String DEPARTURE = " deadlines:PutItem,DeleteItem orders:GetItem";

    /** Function → "table:Action,Action table:Action …" (+ "@connections" when it may push); "" grants nothing. */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("Ping", "" + SESSION_CHECK),
            Map.entry("DefaultRoute", "" + SESSION_CHECK),
            Map.entry("Authorizer", ""),
            Map.entry("Ack", "events:GetItem,UpdateItem" + SESSION_CHECK + DEADLINES),
            Map.entry("Refresh", "connections:UpdateItem" + SESSION_CHECK + DEADLINES),
            Map.entry("RequestLock", "orders:GetItem" + SESSION_CHECK),
            Map.entry("JoinOrder", "connections:UpdateItem orders:GetItem rooms:PutItem" + SESSION_CHECK),
            Map.entry("Sync", "@connections connections:DeleteItem events:GetItem,Query rooms:Query,BatchWriteItem "
                    + "sessions:GetItem,UpdateItem" + SESSION_CHECK + DEADLINES + DEPARTURE),
            Map.entry("Connect", "@connections connections:GetItem,DeleteItem,BatchWriteItem orders:QueryIndex "
                    + "rooms:Query,BatchWriteItem sessions:GetItem,UpdateItem" + DEADLINES + DEPARTURE),
            // the departure alone: the session timers cancelled, the offline grace scheduled, nothing else of deadlines
            Map.entry("Disconnect", PUSH()),
            Map.entry("DriverLocation", PUSH() + SESSION_CHECK),
            Map.entry("BeaconUpdate", PUSH() + SESSION_CHECK),
            Map.entry("LocationUpdate", PUSH() + SESSION_CHECK),
            Map.entry("ViewingOrder", "@connections connections:DeleteItem orders:GetItem rooms:Query,BatchWriteItem "
                    + "sessions:GetItem,UpdateItem" + SESSION_CHECK + DEPARTURE),
            Map.entry("StopViewingOrder", "@connections connections:DeleteItem orders:GetItem "
                    + "rooms:Query,BatchWriteItem sessions:GetItem,UpdateItem" + SESSION_CHECK + DEPARTURE),
            Map.entry("MatchRequest", MATCHES() + SESSION_CHECK + DEADLINES),
            Map.entry("MatchAccept", MATCHES() + SESSION_CHECK + DEADLINES),
            Map.entry("MatchReject", MATCHES() + SESSION_CHECK + DEADLINES),
            Map.entry("MatchCancel", MATCHES() + SESSION_CHECK + DEADLINES),
            Map.entry("RideStart", "@connections connections:GetItem,UpdateItem,DeleteItem events:GetItem,BatchGetItem,Query,PutItem,UpdateItem "
                    + "matches:GetItem,PutItem,UpdateItem,DeleteItem,ConditionCheckItem rides:GetItem,PutItem,ConditionCheckItem "
                    + "rooms:Query,PutItem,BatchWriteItem sessions:GetItem,UpdateItem" + SESSION_CHECK + DEADLINES
                    + DEPARTURE),
            Map.entry("RideArrived", RIDE_END() + SESSION_CHECK + DEADLINES),
            Map.entry("RideCancel", RIDE_END() + SESSION_CHECK + DEADLINES),
            Map.entry("PaymentMethodSelected", "@connections connections:DeleteItem "
                    + "events:GetItem,BatchGetItem,Query,PutItem,UpdateItem ledger:PutItem payments:GetItem,UpdateItem "
                    + "rooms:Query,BatchWriteItem sessions:GetItem,UpdateItem wallets:GetItem,UpdateItem" + SESSION_CHECK + DEADLINES
                    + DEPARTURE),
            Map.entry("RestApi", "@connections connections:QueryIndex,GetItem,DeleteItem,UpdateItem,DescribeTable "
                    + "events:GetItem,BatchGetItem,Query,PutItem,UpdateItem ledger:Query,PutItem "
                    + "orders:GetItem,QueryIndex,PutItem,UpdateItem rooms:Query,PutItem,BatchWriteItem "
                    + "sessions:GetItem,UpdateItem wallets:GetItem,BatchGetItem,UpdateItem deadlines:QueryIndex" + DEADLINES));

    private static Cfn cfn;
    private static Map<String, String> granted;

    private static String PUSH() {
        return "@connections connections:GetItem,DeleteItem rooms:Query,BatchWriteItem sessions:GetItem,UpdateItem"
                + DEPARTURE;
    }

    private static String MATCHES() {
        return "@connections connections:GetItem,DeleteItem events:GetItem,BatchGetItem,Query,PutItem,UpdateItem "
                + "matches:GetItem,PutItem,UpdateItem,DeleteItem,ConditionCheckItem rides:ConditionCheckItem "
                + "rooms:Query,BatchWriteItem sessions:GetItem,UpdateItem" + DEPARTURE;
    }

    private static String RIDE_END() {
        return "@connections connections:GetItem,UpdateItem,DeleteItem events:GetItem,BatchGetItem,Query,PutItem,UpdateItem "
                + "matches:GetItem,PutItem,UpdateItem,DeleteItem,ConditionCheckItem payments:PutItem "
                + "rides:GetItem,PutItem,ConditionCheckItem rooms:Query,DeleteItem,BatchWriteItem "
                + "sessions:GetItem,UpdateItem" + DEPARTURE;
    }

    @BeforeAll
    static void read() {
        cfn = new Cfn(Synth.shared().merged);
        granted = new TreeMap<>();
        cfn.ofType("AWS::Lambda::Function").forEach((id, function) -> {
            String name = function.get("FunctionName").toString().replace("ridewire-test-", "");
            granted.put(name, grantsOf(cfn.referencedOfType(function.get("Role"), "AWS::IAM::Role")));
        });
    }

    @Test
    void everyFunction_mayTouchExactlyItsTablesAndActions() {
        assertThat(granted.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        EXPECTED.forEach((function, expected) ->
                assertThat(granted.get(function)).as(function).isEqualTo(normalise(expected)));
    }

    @Test
    void theStack_grantsWhatTheCatalogueDeclares() {
        for (Route route : RouteCatalogue.routes()) {
            assertThat(granted.get(route.functionName())).as(route.routeKey()).isEqualTo(declared(route.needs()));
        }
        assertThat(granted.get("RestApi")).isEqualTo(declared(RouteCatalogue.REST_API_NEEDS));
    }

    @Test
    void theBridgesTaskRole_mayDoExactlyWhatItsPartsDeclare_throughAPolicyOfItsOwn() {
        Map<String, Map<String, Object>> tasks = cfn.ofType("AWS::ECS::TaskDefinition");
        assertThat(tasks).hasSize(1);
        String role = cfn.referencedOfType(tasks.values().iterator().next().get("TaskRoleArn"), "AWS::IAM::Role");
        String bridge = grantsOf(role);
        assertThat(bridge).isEqualTo(declared(BridgeCatalogue.NEEDS));
        // reviewed against the relay, the welcome relay, the sweeper, the poller and every deadline handler
        assertThat(bridge).isEqualTo(normalise(BRIDGE));
        cfn.ofType("AWS::IAM::Policy").forEach((id, policy) -> {
            if (Cfn.references(policy.get("Roles")).contains(role) && policy.toString().contains("dynamodb:")) {
                assertThat(id).as("the bridge's table grants' policy").contains("TablesPolicy")
                        .doesNotContain("DefaultPolicy");
            }
        });
    }

    /** The bridge task: every table it touches, Scan only on connections; wallets and ledger to carry on a charge. */
    private static final String BRIDGE = "@connections connections:QueryIndex,GetItem,UpdateItem,DeleteItem,Scan "
            + "deadlines:QueryIndex" + DEADLINES
            + " events:GetItem,BatchGetItem,Query,PutItem,UpdateItem matches:GetItem,PutItem,UpdateItem,DeleteItem,"
            + "ConditionCheckItem ledger:PutItem orders:GetItem,UpdateItem payments:GetItem,UpdateItem "
            + "rides:GetItem,ConditionCheckItem rooms:Query,PutItem,DeleteItem,BatchWriteItem sessions:GetItem,UpdateItem "
            + "wallets:GetItem,UpdateItem";

    @Test
    void ping_onlyReadsItsConnection_andTheAuthorizerTouchesNothing() {
        // ping's one read: whether a refreshed token keeps the session alive once the first token has expired
        assertThat(granted.get("Ping")).isEqualTo("connections:GetItem");
        assertThat(granted.get("Authorizer")).isEmpty();
    }

    /** A role's data grants as "table:Action,…" sorted, indexes as the pseudo-action QueryIndex. */
    private static String grantsOf(String role) {
        Map<String, Set<String>> byTable = new TreeMap<>();
        boolean pushes = false;
        for (Map<String, Object> policy : cfn.ofType("AWS::IAM::Policy").values()) {
            if (!Cfn.references(policy.get("Roles")).contains(role)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> statements = (List<Map<String, Object>>)
                    ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
            for (Map<String, Object> statement : statements) {
                List<String> actions = list(statement.get("Action"));
                pushes |= actions.contains("execute-api:ManageConnections");
                Object resources = statement.get("Resource");
                for (Object resource : resources instanceof List<?> many ? many : List.of(resources)) {
                    for (String id : Cfn.references(resource)) {
                        if (id.startsWith("AWS::") || !cfn.typeOf(id).equals("AWS::DynamoDB::Table")) {
                            continue;
                        }
                        String table = cfn.properties(id).get("TableName").toString().replace("ridewire-test-", "");
                        boolean index = resource.toString().contains("/index/");
                        actions.stream().filter(a -> a.startsWith("dynamodb:"))
                                .map(a -> index ? "QueryIndex" : a.substring("dynamodb:".length()))
                                .forEach(a -> byTable.computeIfAbsent(table, t -> new TreeSet<>()).add(a));
                    }
                }
            }
        }
        List<String> parts = new ArrayList<>();
        if (pushes) {
            parts.add("@connections");
        }
        byTable.forEach((table, actions) -> parts.add(table + ":" + String.join(",", actions)));
        return String.join(" ", parts);
    }

    private static String declared(io.ridewire.deployment.Needs needs) {
        List<String> parts = new ArrayList<>();
        if (needs.pushes()) {
            parts.add("@connections");
        }
        needs.tables().forEach((table, actions) -> parts.add(table + ":" + actions.stream()
                .map(a -> a == TableAction.QUERY_INDEX ? "QueryIndex" : a.iamAction().substring("dynamodb:".length()))
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","))));
        return String.join(" ", parts);
    }

    /** The expectation with tables and each table's actions sorted and merged, so it can be written in parts. */
    private static String normalise(String expected) {
        boolean pushes = false;
        Map<String, Set<String>> byTable = new TreeMap<>();
        for (String part : expected.trim().split(" +")) {
            int colon = part.indexOf(':');
            if (part.isEmpty()) {
                continue;
            }
            if (colon < 0) {
                pushes = true;
                continue;
            }
            byTable.computeIfAbsent(part.substring(0, colon), t -> new TreeSet<>())
                    .addAll(List.of(part.substring(colon + 1).split(",")));
        }
        List<String> parts = new ArrayList<>();
        if (pushes) {
            parts.add("@connections");
        }
        byTable.forEach((table, actions) -> parts.add(table + ":" + String.join(",", actions)));
        return String.join(" ", parts);
    }

    private static List<String> list(Object value) {
        return value instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of(value.toString());
    }
}
