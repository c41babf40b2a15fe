package io.ridewire.push;

/** What became of a push to several connections. */
public record Delivery(int delivered, int gone, int failed) {
    public static final Delivery NONE = new Delivery(0, 0, 0);

    public Delivery plus(Delivery other) {
        return new Delivery(delivered + other.delivered, gone + other.gone, failed + other.failed);
    }

    public static Delivery of(Outcome outcome) {
        return switch (outcome) {
            case DELIVERED -> new Delivery(1, 0, 0);
            case GONE -> new Delivery(0, 1, 0);
            case FAILED -> new Delivery(0, 0, 1);
        };
    }

    /** The result of one post. */
    public enum Outcome {
        DELIVERED,
        /** 410: the connection does not exist (any more, or not yet). */
        GONE,
        /** Any other failure, after the SDK's own retries. */
        FAILED
    }
}
