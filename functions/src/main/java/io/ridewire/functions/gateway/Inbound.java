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
 * @param early        sends an answer before the route has finished (see {@link #answerNow})
 */
public record Inbound(Caller caller, String connectionId, Envelope envelope, Instant receivedAt, Trace trace,
                      Answering early) {

    /** Sends a reply to the sending connection at once. */
    @FunctionalInterface
    public interface Answering {
        void send(Reply reply);
    }

    public Fields fields() {
        return envelope.fields();
    }

    public String type() {
        return envelope.type();
    }

    /**
     * Answers the caller now, echoing the message id, for a service that goes on after the caller's answer (a
     * coalesced broadcast may take several windows); the route then returns {@link Reply#none()}.
     */
    public void answerNow(Reply reply) {
        early.send(reply);
    }
}
