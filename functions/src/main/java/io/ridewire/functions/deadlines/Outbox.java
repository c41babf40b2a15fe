package io.ridewire.functions.deadlines;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The transactional outbox: what a state change still owes (notifications, offers, re-sends) is written as a
 * {@link Deadline} in the same DynamoDB transaction as the change, due a short grace later. The writer claims it
 * after the commit, runs it and removes it; if that fails (Redis, NATS or the gateway down, the process killed), the
 * {@link DeadlinePoller} runs it when the grace is over, again after every failure, until it succeeds. So a change
 * and its consequences either both happen or neither does. Its handler is a {@link DeadlineHandler} and must be
 * idempotent (stable event ids make durable sends so).
 */
@Singleton
public class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Deadlines deadlines;
    private final DeadlineSettings settings;
    private final Clock clock;

    public Outbox(Deadlines deadlines, DeadlineSettings settings, Clock clock) {
        this.deadlines = deadlines;
        this.settings = settings;
        this.clock = clock;
    }

    /** An entry to write with a state change; {@code id} must be unique per change. */
    public Deadline entry(String id, String kind, String payload) {
        return new Deadline(id, kind, clock.instant().plus(settings.getOutboxGrace()), payload);
    }

    /**
     * Runs a committed entry now, under a claim so no poller runs it at the same time (a writer slowed by an outage
     * can outlast the grace); on success it is removed, on failure it is given back for the poller. Returns whether
     * it ran: the caller answers its client either way, since the change and its follow-up are both durable.
     */
    public boolean runNow(Deadline entry, Runnable work) {
        Optional<Deadlines.Claim> claim;
        try {
            claim = deadlines.claimNow(entry.id());
        } catch (RuntimeException e) {
            LOG.warn("{} {} left to the deadline poller: {}", entry.kind(), entry.id(), e.toString());
            return false;
        }
        if (claim.isEmpty()) {
            return false; // a poller has it already
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed now, the deadline poller will finish it: {}", entry.kind(), entry.id(), e.toString());
            try {
                deadlines.failed(claim.get());
            } catch (RuntimeException storeDown) {
                LOG.warn("{} {} runs again after its lease: {}", entry.kind(), entry.id(), storeDown.toString());
            }
            return false;
        }
        try {
            deadlines.complete(claim.get());
        } catch (RuntimeException e) {
            LOG.debug("outbox entry {} stays; running it again is harmless: {}", entry.id(), e.toString());
        }
        return true;
    }
}
