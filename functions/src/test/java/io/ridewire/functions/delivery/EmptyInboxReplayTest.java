package io.ridewire.functions.delivery;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.testing.ServiceContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A sync that read an empty inbox's counter replays nothing, even when the inbox's first event lands before its
 * page is read: that event goes out live with its epoch, and a replayed copy would carry none (the SDK then kept a
 * cursor without the epoch).
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class EmptyInboxReplayTest {
    @Inject
    EventStore events;

    @Test
    void pageOfAnInboxReadAsEmpty_holdsNothing_thoughAnEventLandedMeanwhile() {
        Inbox inbox = Inbox.user(unique("first"));
        EventStore.Counter before = events.counter(inbox);
        StoredEvent first = events.append(inbox, unique("e"), "payment.completed", false, "{}");

        assertThat(before.epoch()).isNull();
        assertThat(events.after(inbox, before.epoch(), 0, 10).events()).isEmpty();
        assertThat(events.after(inbox, events.counter(inbox).epoch(), 0, 10).events())
                .extracting(StoredEvent::eventId, StoredEvent::epoch)
                .containsExactly(tuple(first.eventId(), first.epoch()));
    }
}
