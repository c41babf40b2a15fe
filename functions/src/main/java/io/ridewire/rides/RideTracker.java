package io.ridewire.rides;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.geo.GeoPoint;
import io.ridewire.redis.LuaScript;
import io.ridewire.redis.RedisConnections;
import io.ridewire.rides.Odometer.Fix;
import io.ridewire.rides.Odometer.Step;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A ride's progress between start and end, in Redis only (the location hot path never touches DynamoDB): the
 * anchor (last counted fix), metres so far, the last position shown, when progress was last sent, and per-reason
 * counts plus a capped log of dropped fixes. Each fix is judged by {@link Odometer} from a read of the state and
 * written back by a script conditioned on the version it read, so concurrent fixes never count a segment twice.
 */
@Singleton
public class RideTracker {
    private static final int MAX_TRIES = 8;
    private static final String ACTIVE = "active";
    private static final String ENDED = "ended";
    /** How long an ended ride's state stays, so late fixes are recognised and ignored. */
    private static final Duration ENDED_TTL = Duration.ofMinutes(10);

    /** Applies one judged fix if the state is still at the version judged from. 1 applied, 0 stale, -1 ended. */
    private static final LuaScript APPLY = new LuaScript("""
            local h = KEYS[1]
            if redis.call('HGET', h, 'status') ~= 'active' then return -1 end
            if redis.call('HGET', h, 'v') ~= ARGV[1] then return 0 end
            if ARGV[2] == 'c' then
              redis.call('HSET', h, 'alat', ARGV[3], 'alon', ARGV[4], 'aacc', ARGV[5], 'ams', ARGV[6], 'm', ARGV[7])
              redis.call('HINCRBY', h, 'n', 1)
            else
              redis.call('HINCRBY', h, 'drop:' .. ARGV[8], 1)
              redis.call('LPUSH', KEYS[2], ARGV[9])
              redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[10]) - 1)
              local ttl = redis.call('PTTL', h)
              if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
            end
            if ARGV[11] ~= '' then redis.call('HSET', h, 'lp', ARGV[11]) end
            if ARGV[12] ~= '' then redis.call('HSET', h, 'llat', ARGV[12], 'llon', ARGV[13], 'lms', ARGV[14]) end
            redis.call('HINCRBY', h, 'v', 1)
            return 1
            """);

    /** Ends the ride's progress at a final distance, if still at the version read. 1 ended, 0 stale, -1 already ended. */
    private static final LuaScript FINISH = new LuaScript("""
            local h = KEYS[1]
            if redis.call('HGET', h, 'status') ~= 'active' then return -1 end
            if redis.call('HGET', h, 'v') ~= ARGV[1] then return 0 end
            redis.call('HSET', h, 'status', 'ended', 'fm', ARGV[2], 'fn', ARGV[3])
            redis.call('HINCRBY', h, 'v', 1)
            redis.call('PEXPIRE', h, ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            return 1
            """);

    private final RedisConnections redis;
    private final RideSettings settings;

    public RideTracker(RedisConnections redis, RideSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /** A ride's state as read. */
    public record State(String rideId, String driverId, String passengerId, boolean active, Instant startedAt,
                        GeoPoint pickup, GeoPoint destination, long ratePerKm, Fix anchor, double metres,
                        long version, Instant lastProgressAt, GeoPoint shown, Instant shownAt, long counted,
                        Map<String, Long> dropped, double finalMetres, long finalCounted) {
    }

    /** What one fix did. */
    public sealed interface Recorded {
        /** Judged and stored: counted or dropped, whether it is a position worth showing, whether progress is due. */
        record Judged(Step step, double metres, boolean show, boolean progressDue, State before) implements Recorded {
        }

        /** Not this ride's fix: unknown or ended ride, or not its driver. */
        record Ignored(String why) implements Recorded {
        }
    }

    /** What the ride travelled, once ended. */
    public record Finished(double metres, long counted, Map<String, Long> dropped) {
    }

    /** Starts tracking a ride from where the driver started it; both parties' active-ride pointers are set. */
    public void open(String rideId, String driverId, String passengerId, Instant startedAt, GeoPoint pickup,
                     GeoPoint destination, long ratePerKm, Fix start) {
        Map<String, String> fields = new HashMap<>();
        fields.put("driver", driverId);
        fields.put("passenger", passengerId);
        fields.put("status", ACTIVE);
        fields.put("started", Long.toString(startedAt.toEpochMilli()));
        fields.put("plat", num(pickup.latitude()));
        fields.put("plon", num(pickup.longitude()));
        fields.put("dlat", num(destination.latitude()));
        fields.put("dlon", num(destination.longitude()));
        fields.put("rate", Long.toString(ratePerKm));
        fields.put("alat", num(start.latitude()));
        fields.put("alon", num(start.longitude()));
        fields.put("aacc", start.accuracyM() == null ? "" : num(start.accuracyM()));
        fields.put("ams", Long.toString(start.at().toEpochMilli()));
        fields.put("llat", num(start.latitude()));
        fields.put("llon", num(start.longitude()));
        fields.put("lms", Long.toString(start.at().toEpochMilli()));
        fields.put("m", "0");
        fields.put("n", "0");
        fields.put("v", "0");
        fields.put("lp", Long.toString(startedAt.toEpochMilli()));
        long ttl = settings.getStateTtl().toMillis();
        var commands = commands();
        commands.del(key(rideId), droppedKey(rideId));
        commands.hset(key(rideId), fields);
        commands.pexpire(key(rideId), ttl);
        commands.psetex(activeKey(driverId), ttl, rideId);
        commands.psetex(activeKey(passengerId), ttl, rideId);
    }

    public Optional<State> read(String rideId) {
        Map<String, String> h = commands().hgetall(key(rideId));
        if (h == null || h.isEmpty() || !h.containsKey("driver")) {
            return Optional.empty();
        }
        Map<String, Long> dropped = new TreeMap<>();
        h.forEach((field, value) -> {
            if (field.startsWith("drop:")) {
                dropped.put(field.substring(5), Long.parseLong(value));
            }
        });
        Fix anchor = new Fix(d(h, "alat"), d(h, "alon"), h.get("aacc").isEmpty() ? null : d(h, "aacc"),
                Instant.ofEpochMilli(l(h, "ams")));
        return Optional.of(new State(rideId, h.get("driver"), h.get("passenger"), ACTIVE.equals(h.get("status")),
                Instant.ofEpochMilli(l(h, "started")), GeoPoint.of(d(h, "plat"), d(h, "plon")),
                GeoPoint.of(d(h, "dlat"), d(h, "dlon")), l(h, "rate"), anchor, d(h, "m"), l(h, "v"),
                Instant.ofEpochMilli(l(h, "lp")), GeoPoint.of(d(h, "llat"), d(h, "llon")),
                Instant.ofEpochMilli(l(h, "lms")), l(h, "n"), dropped,
                h.containsKey("fm") ? d(h, "fm") : d(h, "m"), h.containsKey("fn") ? l(h, "fn") : l(h, "n")));
    }

    /** Judges and records a fix the ride's driver sent; progress is due when the interval has passed since the last. */
    public Recorded record(String rideId, String driverId, Fix fix, Instant now) {
        Odometer.Limits limits = settings.odometerLimits();
        long interval = settings.getProgressInterval().toMillis();
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<State> read = read(rideId);
            if (read.isEmpty()) {
                return new Recorded.Ignored("unknown ride");
            }
            State state = read.get();
            if (!state.driverId().equals(driverId)) {
                return new Recorded.Ignored("not the ride's driver");
            }
            if (!state.active()) {
                return new Recorded.Ignored("ride ended");
            }
            Step step = Odometer.next(state.anchor(), fix, limits);
            boolean counted = step instanceof Step.Counted;
            boolean show = counted || (step instanceof Step.Dropped dropped && Odometer.JITTER.equals(dropped.reason()));
            double metres = state.metres() + (counted ? step.metres() : 0);
            boolean due = now.toEpochMilli() - state.lastProgressAt().toEpochMilli() >= interval;
            String reason = step instanceof Step.Dropped dropped ? dropped.reason() : "";
            Long result = APPLY.run(commands(), ScriptOutputType.INTEGER,
                    new String[] {key(rideId), droppedKey(rideId)},
                    Long.toString(state.version()), counted ? "c" : "d",
                    num(fix.latitude()), num(fix.longitude()), fix.accuracyM() == null ? "" : num(fix.accuracyM()),
                    Long.toString(fix.at().toEpochMilli()), num(metres),
                    reason, counted ? "" : logEntry(fix, reason, step.metres()),
                    Integer.toString(Math.max(1, settings.getDroppedFixLog())),
                    due ? Long.toString(now.toEpochMilli()) : "",
                    show ? num(fix.latitude()) : "", show ? num(fix.longitude()) : "",
                    show ? Long.toString(fix.at().toEpochMilli()) : "");
            if (result == 1L) {
                return new Recorded.Judged(step, metres, show, due, state);
            }
            if (result == -1L) {
                return new Recorded.Ignored("ride ended");
            }
        }
        throw new IllegalStateException("ride " + rideId + " kept changing under a fix");
    }

    /**
     * Ends the ride's progress: the final position (arrival, cancellation), when given, is judged as one more fix;
     * the distance is frozen and returned again on later calls. Empty when Redis holds no state for the ride.
     */
    public Optional<Finished> finish(String rideId, GeoPoint at, Double accuracyM, Instant now) {
        Odometer.Limits limits = settings.odometerLimits();
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<State> read = read(rideId);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            State state = read.get();
            if (!state.active()) {
                return Optional.of(new Finished(state.finalMetres(), state.finalCounted(), state.dropped()));
            }
            double metres = state.metres();
            long counted = state.counted();
            if (at != null) {
                // the device clock may run ahead of ours: judge the last leg as taken after the anchor
                Instant when = now.isAfter(state.anchor().at()) ? now : state.anchor().at().plusSeconds(1);
                Step step = Odometer.next(state.anchor(), new Fix(at.latitude(), at.longitude(), accuracyM, when), limits);
                if (step instanceof Step.Counted last) {
                    metres += last.metres();
                    counted++;
                }
            }
            Long result = FINISH.run(commands(), ScriptOutputType.INTEGER,
                    new String[] {key(rideId), droppedKey(rideId)},
                    Long.toString(state.version()), num(metres), Long.toString(counted),
                    Long.toString(ENDED_TTL.toMillis()));
            if (result == 1L) {
                return Optional.of(new Finished(metres, counted, state.dropped()));
            }
        }
        throw new IllegalStateException("ride " + rideId + " kept changing while ending");
    }

    /** Clears both parties' active-ride pointers (after the ride ended in DynamoDB). */
    public void forget(String rideId, String driverId, String passengerId) {
        var commands = commands();
        for (String user : List.of(driverId, passengerId)) {
            if (rideId.equals(commands.get(activeKey(user)))) {
                commands.del(activeKey(user));
            }
        }
    }

    /** The ride a user is in, if any. */
    public Optional<String> activeRide(String userId) {
        return Optional.ofNullable(commands().get(activeKey(userId)));
    }

    /** The dropped fixes kept for a ride, newest first: {@code epoch-ms reason metres lat lon accuracy}. */
    public List<String> droppedLog(String rideId) {
        return commands().lrange(droppedKey(rideId), 0, -1);
    }

    private static String logEntry(Fix fix, String reason, double metres) {
        return String.format(Locale.ROOT, "%d %s %.1f %s %s %s", fix.at().toEpochMilli(), reason, metres,
                num(fix.latitude()), num(fix.longitude()), fix.accuracyM() == null ? "-" : num(fix.accuracyM()));
    }

    // one hash tag per ride, so a ride's keys share a cluster slot
    private String key(String rideId) {
        return redis.key("ride:{" + rideId + "}");
    }

    private String droppedKey(String rideId) {
        return redis.key("ride:{" + rideId + "}:dropped");
    }

    private String activeKey(String userId) {
        return redis.key("ride:active:" + userId);
    }

    private static String num(double value) {
        return Double.toString(value);
    }

    private static double d(Map<String, String> h, String field) {
        return Double.parseDouble(h.get(field));
    }

    private static long l(Map<String, String> h, String field) {
        return Long.parseLong(h.get(field));
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
