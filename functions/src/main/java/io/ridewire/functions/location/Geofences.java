package io.ridewire.functions.location;

import io.ridewire.model.location.LocationGeofence;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.identity.Role;
import io.ridewire.model.matching.Place;
import io.ridewire.model.protocol.EventType;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import io.ridewire.functions.redis.LuaScript;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pickup and destination zones of a driver's confirmed match (or ride), watched on every fix of that driver.
 * A zone's inside/outside flag lives in Redis next to the zone and flips in the same script that measures the
 * distance, so each transition is reported exactly once however updates interleave: {@code entered} when the
 * driver is first seen inside, {@code exited} when seen outside after that. Both the driver and the passenger
 * receive {@code location.geofence}.
 */
@Singleton
public class Geofences implements LocationListener {
    private static final LuaScript DISARM = new LuaScript("""
            if redis.call('HGET', KEYS[1], 'match') ~= ARGV[1] then return 0 end
            return redis.call('DEL', KEYS[1])
            """);
    private static final LuaScript CROSS = new LuaScript("""
            local f = KEYS[1]
            if redis.call('EXISTS', f) == 0 then return nil end
            local v = redis.call('HMGET', f, 'match', 'passenger', 'ride', 'plat', 'plon', 'pr', 'dlat', 'dlon', 'dr', 'pin', 'din')
            local lat, lon = tonumber(ARGV[1]), tonumber(ARGV[2])
            local rad = math.pi / 180
            local function dist(lat2, lon2)
              local dphi = (lat2 - lat) * rad
              local dlambda = (lon2 - lon) * rad
              local h = math.sin(dphi / 2) ^ 2 + math.cos(lat * rad) * math.cos(lat2 * rad) * math.sin(dlambda / 2) ^ 2
              return 2 * 6371008.8 * math.asin(math.min(1, math.sqrt(h)))
            end
            local out = {v[1] or '', v[2] or '', v[3] or ''}
            local function check(zone, flag, zlat, zlon, radius, previous)
              if not zlat then return end
              local inside = dist(tonumber(zlat), tonumber(zlon)) <= tonumber(radius)
              if inside and previous ~= '1' then
                redis.call('HSET', f, flag, '1')
                table.insert(out, zone)
                table.insert(out, 'entered')
              elseif not inside and previous == '1' then
                redis.call('HSET', f, flag, '0')
                table.insert(out, zone)
                table.insert(out, 'exited')
              elseif not inside and not previous then
                redis.call('HSET', f, flag, '0')
              end
            end
            check('pickup_zone', 'pin', v[4], v[5], v[6], v[10])
            check('destination_zone', 'din', v[7], v[8], v[9], v[11])
            return out
            """);

    private final RedisConnections redis;
    private final LocationSettings settings;
    private final Push push;
    private final Clock clock;

    public Geofences(RedisConnections redis, LocationSettings settings, Push push, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.push = push;
        this.clock = clock;
    }

    /** Starts watching a driver's zones for a match: pickup and destination, for at most {@code lifetime}. */
    public void arm(String driverId, String matchId, String passengerId, Place pickup, Place destination,
                    Duration lifetime) {
        Map<String, String> fence = new HashMap<>();
        fence.put("match", matchId);
        fence.put("passenger", passengerId);
        fence.put("plat", Double.toString(pickup.latitude()));
        fence.put("plon", Double.toString(pickup.longitude()));
        fence.put("pr", Double.toString(settings.getPickupZoneRadiusM()));
        fence.put("dlat", Double.toString(destination.latitude()));
        fence.put("dlon", Double.toString(destination.longitude()));
        fence.put("dr", Double.toString(settings.getDestinationZoneRadiusM()));
        var commands = commands();
        commands.del(key(driverId));
        commands.hset(key(driverId), fence);
        commands.pexpire(key(driverId), lifetime.toMillis());
    }

    /** Names the ride the zones belong to once it exists (the rides capability calls this). */
    public void linkRide(String driverId, String rideId) {
        commands().hset(key(driverId), "ride", rideId);
    }

    /** The booking whose zones are watched for a driver: its match, passenger, ride (null until started) and pickup. */
    public record Watched(String matchId, String passengerId, String rideId, GeoPoint pickup) {
    }

    /** What is watched for a driver, if anything: one Redis read. */
    public Optional<Watched> watched(String driverId) {
        List<KeyValue<String, String>> v = commands().hmget(key(driverId), "match", "passenger", "ride",
                "plat", "plon");
        if (v.size() < 5 || !v.get(0).hasValue() || !v.get(3).hasValue() || !v.get(4).hasValue()) {
            return Optional.empty();
        }
        String rideId = v.get(2).hasValue() && !v.get(2).getValue().isEmpty() ? v.get(2).getValue() : null;
        return Optional.of(new Watched(v.get(0).getValue(), v.get(1).getValueOrElse(null), rideId,
                GeoPoint.of(Double.parseDouble(v.get(3).getValue()), Double.parseDouble(v.get(4).getValue()))));
    }

    /** Stops watching (the ride ended or was cancelled). */
    public void disarm(String driverId) {
        commands().del(key(driverId));
    }

    /** Stops watching {@code matchId}'s zones only: a late or repeated release leaves a newer booking's zones armed. */
    public void disarm(String driverId, String matchId) {
        DISARM.run(commands(), ScriptOutputType.INTEGER, new String[] {key(driverId)}, matchId);
    }

    @Override
    public void onLocation(LocationFix fix) {
        if (!fix.caller().is(Role.DRIVER)) {
            return;
        }
        GeoPoint point = fix.point();
        List<String> out = CROSS.run(commands(), ScriptOutputType.MULTI, new String[] {key(fix.caller().userId())},
                Double.toString(point.latitude()), Double.toString(point.longitude()));
        if (out == null || out.size() <= 3) {
            return;
        }
        String matchId = out.get(0);
        String passengerId = out.get(1);
        String rideId = out.get(2).isEmpty() ? null : out.get(2);
        for (int i = 3; i + 1 < out.size(); i += 2) {
            var crossing = new LocationGeofence(fix.caller().userId(), out.get(i), out.get(i + 1), point, rideId,
                    matchId, clock.instant());
            push.deliver(Audience.user(fix.caller().userId()), Push.event(EventType.LOCATION_GEOFENCE, crossing));
            push.deliver(Audience.user(passengerId), Push.event(EventType.LOCATION_GEOFENCE, crossing));
        }
    }

    private String key(String driverId) {
        return redis.key("geofence:" + driverId);
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
