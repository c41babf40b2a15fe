package io.ridewire.deployment;

/**
 * A DynamoDB action a function may take on a table. Transactions have no action of their own: IAM checks each item
 * of a {@code TransactWriteItems} against the action it performs (Put, Update, Delete, ConditionCheck).
 */
public enum TableAction {
    GET_ITEM("GetItem"),
    BATCH_GET_ITEM("BatchGetItem"),
    QUERY("Query"),
    /** {@code Query} on the table's global secondary indexes ({@code table/index/*}). */
    QUERY_INDEX("Query"),
    PUT_ITEM("PutItem"),
    UPDATE_ITEM("UpdateItem"),
    DELETE_ITEM("DeleteItem"),
    BATCH_WRITE_ITEM("BatchWriteItem"),
    CONDITION_CHECK_ITEM("ConditionCheckItem"),
    /** Health checks read a table's status. */
    DESCRIBE_TABLE("DescribeTable"),
    /** Reading every item: only the bridge's connection sweeper does, never a request path. */
    SCAN("Scan");

    private final String operation;

    TableAction(String operation) {
        this.operation = operation;
    }

    /** The IAM action, e.g. {@code dynamodb:GetItem}. */
    public String iamAction() {
        return "dynamodb:" + operation;
    }

    /** Whether the action's resource is the table's indexes rather than the table. */
    public boolean onIndexes() {
        return this == QUERY_INDEX;
    }
}
