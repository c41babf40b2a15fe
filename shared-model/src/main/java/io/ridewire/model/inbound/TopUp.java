package io.ridewire.model.inbound;

import io.ridewire.model.protocol.Fields;

/** The body of {@code POST /wallets/{user}/top-up}: a whole amount in minor units, 1 to the configured maximum. */
public record TopUp(long amount) {

    public static TopUp read(Fields body, long maxTopUp) {
        return new TopUp(body.integerIn("amount", 1, maxTopUp));
    }
}
