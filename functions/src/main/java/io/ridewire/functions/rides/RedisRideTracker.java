package io.ridewire.functions.rides;

import io.ridewire.model.rides.Odometer;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.functions.location.RideMembership;
import io.ridewire.functions.redis.LuaScript;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.model.rides.Odometer.Fix;
import io.ridewire.model.rides.Odometer.Step;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@link RideTracker} in Redis: one hash per ride and a capped log of dropped fixes, each fix written back by a script conditioned on the version it read. */
@Singleton
public class RedisRideTracker implements RideTracker {
    private static final int MAX_TRIES = 8;
    private static final String ACTIVE = "active";
    /** How long an ended ride's state stays, so late fixes are recognised and ignored. */
    private static final Duration ENDED_TTL = Duration.ofMinutes(10);

    /**
     * Applies one judged fix if the state is still at the version judged from: sets fields, counts and logs drops.
     * ARGV: version, log cap, field count, field/value pairs, drop count, reason/entry pairs. 1 applied, 0 stale,
     * -1 ended.
     */
    private static final LuaScript APPLY = new LuaScript("""
            local h = KEYS[1]
            if redis.call('HGET', h, 'status') ~= 'active' then return -1 end
            if redis.call('HGET', h, 'v') ~= ARGV[1] then return 0 end
            local i = 4
            local fields = {}
            for k = 1, tonumber(ARGV[3]) do
              fields[#fields + 1] = ARGV[i]
              fields[#fields + 1] = ARGV[i + 1]
              i = i + 2
            end
            if #fields > 0 then redis.call('HSET', h, unpack(fields)) end
            local drops = tonumber(ARGV[i])
            i = i + 1
            for k = 1, drops do
              redis.call('HINCRBY', h, 'drop:' .. ARGV[i], 1)
              redis.call('LPUSH', KEYS[2], ARGV[i + 1])
              i = i + 2
            end
            if drops > 0 then
              redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
              local ttl = redis.call('PTTL', h)
              if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
            end
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

    /**
     * Creates a ride's state unless it exists: the start's outbox entry may run again after its odometer moved on.
     * ARGV: ttl, then field/value pairs. 1 created, 0 there already.
     */
    private static final LuaScript OPEN = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('DEL', KEYS[2])
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """);

    private final RedisConnections redis;
    private final RideSettings settings;

    public RedisRideTracker(RedisConnections redis, RideSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    @Override
    public void open(String rideId, String matchId, String driverId, String passengerId, Instant startedAt,
                     GeoPoint pickup, GeoPoint destination, long ratePerKm, Fix start) {
        Map<String, String> fields = new HashMap<>();
        fields.put("match", matchId);
        fields.put("driver", driverId);
        fields.put("passenger", passengerId);
        fields.put("status", ACTIVE);
        fields.put("started", Long.toString(startedAt.toEpochMilli()));
        fields.put("plat", num(pickup.latitude()));
        fields.put("plon", num(pickup.longitude()));
        fields.put("dlat", num(destination.latitude()));
        fields.put("dlon", num(destination.longitude()));
        fields.put("rate", Long.toString(ratePerKm));
        putFix(fields, "a", start);
        putFix(fields, "c", null);
        fields.put("llat", num(start.latitude()));
        fields.put("llon", num(start.longitude()));
        fields.put("lms", Long.toString(start.at().toEpochMilli()));
        fields.put("m", "0");
        fields.put("n", "0");
        fields.put("v", "0");
        fields.put("lp", Long.toString(startedAt.toEpochMilli()));
        long ttl = settings.getStateTtl().toMillis();
        List<String> args = new ArrayList<>(List.of(Long.toString(ttl)));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        var commands = commands();
        OPEN.run(commands, ScriptOutputType.INTEGER, new String[] {key(rideId), droppedKey(rideId)},
                args.toArray(String[]::new));
        commands.psetex(activeKey(driverId), ttl, rideId);
        commands.psetex(activeKey(passengerId), ttl, rideId);
    }

    @Override
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
        return Optional.of(new State(rideId, h.get("match"), h.get("driver"), h.get("passenger"), ACTIVE.equals(h.get("status")),
                Instant.ofEpochMilli(l(h, "started")), GeoPoint.of(d(h, "plat"), d(h, "plon")),
                GeoPoint.of(d(h, "dlat"), d(h, "dlon")), l(h, "rate"),
                new Odometer.State(fix(h, "a"), fix(h, "c")), d(h, "m"), l(h, "v"),
                Instant.ofEpochMilli(l(h, "lp")), GeoPoint.of(d(h, "llat"), d(h, "llon")),
                Instant.ofEpochMilli(l(h, "lms")), l(h, "n"), dropped,
                h.containsKey("fm") ? d(h, "fm") : d(h, "m"), h.containsKey("fn") ? l(h, "fn") : l(h, "n")));
    }

    @Override
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
            Step step = Odometer.next(state.odometer(), fix, limits);
            double metres = state.metres() + step.counted();
            boolean due = now.toEpochMilli() - state.lastProgressAt().toEpochMilli() >= interval;
            Map<String, String> fields = new HashMap<>();
            if (step.next() != state.odometer()) {
                putFix(fields, "a", step.next().anchor());
                putFix(fields, "c", step.next().candidate());
            }
            if (step.counted() > 0) {
                fields.put("m", num(metres));
                fields.put("n", Long.toString(state.counted() + 1));
            }
            if (due) {
                fields.put("lp", Long.toString(now.toEpochMilli()));
            }
            if (step.believable()) {
                fields.put("llat", num(fix.latitude()));
                fields.put("llon", num(fix.longitude()));
                fields.put("lms", Long.toString(fix.at().toEpochMilli()));
            }
            List<String> drops = new ArrayList<>();
            if (step.unconfirmed() != null) {
                drops.add(Odometer.UNCONFIRMED);
                drops.add(logEntry(step.unconfirmed(), Odometer.UNCONFIRMED));
            }
            if (step.dropped() != null) {
                drops.add(step.dropped());
                drops.add(logEntry(fix, step.dropped()));
            }
            List<String> args = new ArrayList<>();
            args.add(Long.toString(state.version()));
            args.add(Integer.toString(Math.max(1, settings.getDroppedFixLog())));
            args.add(Integer.toString(fields.size()));
            fields.forEach((name, value) -> {
                args.add(name);
                args.add(value);
            });
            args.add(Integer.toString(drops.size() / 2));
            args.addAll(drops);
            Long result = APPLY.run(commands(), ScriptOutputType.INTEGER,
                    new String[] {key(rideId), droppedKey(rideId)}, args.toArray(String[]::new));
            if (result == 1L) {
                return new Recorded.Judged(step, metres, due, state);
            }
            if (result == -1L) {
                return new Recorded.Ignored("ride ended");
            }
        }
        throw new IllegalStateException("ride " + rideId + " kept changing under a fix");
    }

    @Override
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
            Fix end = null;
            if (at != null) {
                Odometer.State odometer = state.odometer();
                Instant last = odometer.candidate() != null ? odometer.candidate().at() : odometer.anchor().at();
                // the device clock may run ahead of ours: the end is taken after the last fix judged
                Instant when = now.isAfter(last) ? now : last.plusSeconds(1);
                end = new Fix(at.latitude(), at.longitude(), accuracyM, when);
            }
            double last = Odometer.finish(state.odometer(), end, limits);
            double metres = state.metres() + last;
            long counted = state.counted() + (last > 0 ? 1 : 0);
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

    @Override
    public void forget(String rideId, String driverId, String passengerId) {
        var commands = commands();
        for (String user : List.of(driverId, passengerId)) {
            if (rideId.equals(commands.get(activeKey(user)))) {
                commands.del(activeKey(user));
            }
        }
    }

    @Override
    public boolean mayName(String userId, String rideId) {
        List<KeyValue<String, String>> parties = commands().hmget(key(rideId), "driver", "passenger");
        if (parties.isEmpty() || !parties.get(0).hasValue()) {
            return true; // unknown here (never started, or long over): the fix is the sender's own position
        }
        return userId.equals(parties.get(0).getValue()) || userId.equals(parties.get(1).getValueOrElse(null));
    }

    @Override
    public Optional<String> activeRide(String userId) {
        return Optional.ofNullable(commands().get(activeKey(userId)));
    }

    @Override
    public List<String> droppedLog(String rideId) {
        return commands().lrange(droppedKey(rideId), 0, -1);
    }

    private static String logEntry(Fix fix, String reason) {
        return String.format(Locale.ROOT, "%d %s %s %s %s", fix.at().toEpochMilli(), reason,
                num(fix.latitude()), num(fix.longitude()), fix.accuracyM() == null ? "-" : num(fix.accuracyM()));
    }

    private static void putFix(Map<String, String> fields, String prefix, Fix fix) {
        fields.put(prefix + "lat", fix == null ? "" : num(fix.latitude()));
        fields.put(prefix + "lon", fix == null ? "" : num(fix.longitude()));
        fields.put(prefix + "acc", fix == null || fix.accuracyM() == null ? "" : num(fix.accuracyM()));
        fields.put(prefix + "ms", fix == null ? "" : Long.toString(fix.at().toEpochMilli()));
    }

    private static Fix fix(Map<String, String> h, String prefix) {
        String lat = h.get(prefix + "lat");
        if (lat == null || lat.isEmpty()) {
            return null;
        }
        String accuracy = h.get(prefix + "acc");
        return new Fix(Double.parseDouble(lat), d(h, prefix + "lon"),
                accuracy == null || accuracy.isEmpty() ? null : Double.parseDouble(accuracy),
                Instant.ofEpochMilli(l(h, prefix + "ms")));
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
