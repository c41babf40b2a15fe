package io.ridewire.functions.presence;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.functions.testing.ServiceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real Redis, under a key prefix of its own. */
class SetCacheTest {
    private ApplicationContext context;
    private SetCache cache;

    @BeforeEach
    void start() {
        context = ApplicationContext.run(Map.of("ridewire.redis.uri", ServiceContext.redisUri(),
                "ridewire.redis.key-prefix", "sc-" + UUID.randomUUID() + ":"));
        cache = new SetCache(context.getBean(RedisConnections.class), "room", Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void aFilledCopyIsRead_includingAnEmptyOne() {
        assertThat(cache.read("u")).isEmpty();
        cache.fill("u", cache.version("u"), Set.of("c1", "c2"));
        assertThat(cache.read("u")).contains(Set.of("c1", "c2"));
        cache.fill("v", cache.version("v"), Set.of());
        assertThat(cache.read("v")).contains(Set.of());
    }

    @Test
    void invalidationDropsTheCopy() {
        cache.fill("u", cache.version("u"), Set.of("c1"));
        cache.changed("u");
        assertThat(cache.read("u")).isEmpty();
    }

    @Test
    void aFillStartedBeforeAChange_isDropped() {
        long seen = cache.version("u");
        // a connect lands while the reader is reading DynamoDB
        cache.changed("u");
        cache.fill("u", seen, Set.of("old"));
        assertThat(cache.read("u")).as("the stale read must not be cached").isEmpty();
        cache.fill("u", cache.version("u"), Set.of("old", "new"));
        assertThat(cache.read("u")).contains(Set.of("old", "new"));
    }

    @Test
    void anAdditionReachesAFilledCopy_butDoesNotMakeOne() {
        cache.added("r", cache.version("r"), Set.of("c1|u1"));
        assertThat(cache.read("r")).as("an addition alone is not the whole set").isEmpty();
        cache.fill("r", cache.version("r"), Set.of("c1|u1"));
        cache.added("r", cache.version("r"), Set.of("c2|u2"));
        assertThat(cache.read("r")).contains(Set.of("c1|u1", "c2|u2"));
    }

    @Test
    void aFillStartedBeforeAnAddition_isDropped() {
        long seen = cache.version("r");
        cache.added("r", cache.version("r"), Set.of("late|u"));
        cache.fill("r", seen, Set.of("early|u"));
        assertThat(cache.read("r")).as("the read missed the addition").isEmpty();
    }

    @Test
    void aRemovalDropsTheCopy_soALateAdditionCannotBringItBack() {
        cache.fill("r", cache.version("r"), Set.of("c1|u1"));
        long beforeAdding = cache.version("r");
        // the table saw "add c2" then "remove c2", their copy updates land the other way round
        cache.changed("r");
        cache.added("r", beforeAdding, Set.of("c2|u2"));
        assertThat(cache.read("r")).isEmpty();
    }

    @Test
    void aLateAddition_doesNotLandOnACopyFilledAfterALaterRemoval() {
        long beforeAdding = cache.version("r");
        // the table: add c2, then remove c2; the removal's drop comes first, then a reader fills without c2
        cache.changed("r");
        cache.fill("r", cache.version("r"), Set.of("c1|u1"));
        cache.added("r", beforeAdding, Set.of("c2|u2"));
        assertThat(cache.read("r")).as("c2 left the room: the copy must not name it").isEmpty();
    }

    @Test
    void anAdditionWhoseVersionCouldNotBeRead_dropsTheCopy() {
        cache.fill("r", cache.version("r"), Set.of("c1|u1"));
        cache.added("r", -1, Set.of("c2|u2"));
        assertThat(cache.read("r")).isEmpty();
    }

    @Test
    void aRoomLargerThanOneLuaCallsArguments_isFilledWhole() {
        Set<String> members = IntStream.range(0, 20_000).mapToObj(i -> "c" + i + "|u" + i).collect(Collectors.toSet());
        cache.fill("big", cache.version("big"), members);
        assertThat(cache.read("big")).contains(members);
    }
}
