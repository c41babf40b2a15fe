package io.ridewire.functions.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code TransactWriteItems} with the two ways a transaction is cancelled told apart: a condition that failed (an
 * answer: the caller decides what it means) and a conflict with another transaction on the same items (no answer:
 * tried again after a short, jittered pause).
 */
public final class Transactions {
    private Transactions() {
    }

    /** How a transaction ended. */
    public sealed interface Outcome {
        /** Written. */
        record Committed() implements Outcome {
        }

        /** A condition failed; {@code reasons} are aligned with the items. */
        record ConditionFailed(List<CancellationReason> reasons) implements Outcome {
            /** Whether the item at {@code index} is one whose condition failed. */
            public boolean failedAt(int index) {
                return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
            }
        }

        /** Still conflicting with other transactions after every try. */
        record Conflicted() implements Outcome {
        }
    }

    public static Outcome write(DynamoDbClient dynamo, List<TransactWriteItem> items, int tries) {
        for (int attempt = 0; ; attempt++) {
            try {
                // a token per try, the same on the SDK's own retries: a retry of a write whose answer was lost
                // succeeds as the first did (within 10 minutes) instead of failing on its own effects
                String token = UUID.randomUUID().toString();
                dynamo.transactWriteItems(b -> b.transactItems(items).clientRequestToken(token));
                return new Outcome.Committed();
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.hasCancellationReasons()
                        ? cancelled.cancellationReasons() : List.of();
                if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                    return new Outcome.ConditionFailed(reasons);
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict) {
                    throw cancelled;
                }
                if (attempt + 1 >= tries) {
                    return new Outcome.Conflicted();
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        long bound = Math.min(100, 5L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
