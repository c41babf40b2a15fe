package io.ridewire.functions.payments;

/**
 * Ledger accounts and wallet ids: a user's wallet {@code user#{id}}, the platform's fee wallets
 * {@code platform#{shard}}, and the outside world {@code external#{source}} (top-ups, payment providers), which has
 * entries but no wallet — so every movement has two sides and the ledger sums to zero.
 */
public final class Accounts {
    public static final String PLATFORM = "platform";

    private Accounts() {
    }

    public static String user(String userId) {
        return "user#" + userId;
    }

    public static String platform(int shard) {
        return "platform#" + shard;
    }

    /** The platform wallet a payment's fee goes to. */
    public static String platformFor(String paymentId, int shards) {
        return platform(Math.floorMod(paymentId.hashCode(), Math.max(1, shards)));
    }

    public static String external(String source) {
        return "external#" + source;
    }
}
