package io.ridewire.functions.connections;

import io.ridewire.model.events.SessionStarted;

/**
 * Follows connections once {@code connection.established} has reached them: the seam for what an app gets right
 * after it (a passenger's nearby drivers). Runs in the welcoming process; a failure is logged, never thrown.
 */
public interface WelcomeListener {
    void welcomed(SessionStarted session);
}
