package io.ridewire.functions.gateway;

import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.protocol.Envelope;
import io.ridewire.model.protocol.Fields;

import java.time.Instant;

/**
 * A decoded client message and who sent it.
 *
 * @param caller       from the authorizer context
 * @param connectionId the sending connection
 * @param envelope     type, client id and payload
 * @param receivedAt   the gateway's request time
 * @param trace        trace fields for the events this message causes
 */
public record Inbound(Caller caller, String connectionId, Envelope envelope, Instant receivedAt, Trace trace) {

    public Fields fields() {
        return envelope.fields();
    }

    public String type() {
        return envelope.type();
    }
}
