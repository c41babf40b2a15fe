package io.ridewire.functions.drivers;

import io.ridewire.functions.redis.LuaScript;

/**
 * The driver index's atomic steps in Redis. A driver is a hash ({@code active}, {@code state} free | proposed |
 * assigned, {@code match}, {@code until}, profile, position, connection); the ride pool — active and free — is a geo
 * index of all drivers and one per vehicle type, the order pool another geo index. Each script keeps hash and indexes in step.
 * KEYS[1] is the driver's hash, KEYS[2] the all-drivers index; ARGV[1] is the per-type index prefix and ARGV[2]
 * the driver id.
 */
final class PoolScripts {
    /**
     * A hold (proposed or assigned) whose {@code until} has passed without being released (its process died, its
     * release was lost) counts as free: DynamoDB's lock on the driver has lapsed by then too.
     */
    private static final String HEAL = """
            local h, all, typed, id = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
            local function heal(now)
              local state = redis.call('HGET', h, 'state')
              if not state then
                state = 'free'
                redis.call('HSET', h, 'state', 'free')
              end
              local untilMs = redis.call('HGET', h, 'until')
              if state ~= 'free' and untilMs and tonumber(untilMs) < tonumber(now) then
                state = 'free'
                redis.call('HSET', h, 'state', 'free')
                redis.call('HDEL', h, 'match', 'until')
              end
              return state
            end
            local function unindex(t)
              redis.call('ZREM', all, id)
              if t then redis.call('ZREM', typed .. t, id) end
            end
            local function index(t, lon, lat)
              redis.call('GEOADD', all, lon, lat, id)
              redis.call('GEOADD', typed .. t, lon, lat, id)
            end
            """;

    /**
     * ARGV: 3 active (1/0), 4 type, 5 plate, 6 rating, 7 name, 8 phone, 9 lat, 10 lon, 11 now, 12 ttl ms,
     * 13 connection id ('' keeps). The position is recorded without a fix time: {@code at} orders device fixes only,
     * and a beacon carries none.
     */
    static final LuaScript BEACON = new LuaScript(HEAL + """
            local oldType = redis.call('HGET', h, 'type')
            local newType = ARGV[4] ~= '' and ARGV[4] or oldType
            if oldType and oldType ~= newType then redis.call('ZREM', typed .. oldType, id) end
            redis.call('HSET', h, 'active', ARGV[3])
            if newType then redis.call('HSET', h, 'type', newType) end
            if ARGV[5] ~= '' then redis.call('HSET', h, 'plate', ARGV[5]) end
            if ARGV[6] ~= '' then redis.call('HSET', h, 'rating', ARGV[6]) end
            if ARGV[7] ~= '' then redis.call('HSET', h, 'name', ARGV[7]) end
            if ARGV[8] ~= '' then redis.call('HSET', h, 'phone', ARGV[8]) end
            if ARGV[13] ~= '' then redis.call('HSET', h, 'conn', ARGV[13]) end
            redis.call('HDEL', h, 'unbeaconed')
            if ARGV[9] ~= '' then
              redis.call('HSET', h, 'lat', ARGV[9], 'lon', ARGV[10], 'seen', ARGV[11])
              redis.call('HDEL', h, 'acc')
            end
            local state = heal(ARGV[11])
            redis.call('PEXPIRE', h, ARGV[12])
            local lat, lon = redis.call('HGET', h, 'lat'), redis.call('HGET', h, 'lon')
            if ARGV[3] == '1' and state == 'free' and lat and newType then
              index(newType, lon, lat)
              return {1, state}
            end
            unindex(newType)
            return {0, state}
            """);

    /**
     * The one location hot path, for device fixes ({@code location.update}) and order-flow reports
     * ({@code driver:location_update}) alike. KEYS[3] is the driver's active orders, KEYS[4] the order pool. ARGV:
     * 3 lat, 4 lon, 5 fix time ms ('' none: not ordered, {@code at} kept), 6 arrival ms ({@code seen}), 7 ttl ms
     * (never shortens the record's), 8 connection id, 9 accuracy m, 10 heading, 11 speed ('' unknown), 12 '1' when
     * reported for the orders flow. Returns {-1} (older than the last fix) or {code, active orders...}: code 1 when
     * moved in the ride pool, 2 when a device fix ({@code location.update}) finds no beacon on the record (no
     * {@code active}: never beaconed, or the record was lost; or active without a vehicle type) for the first time
     * over its connection since the last beacon — the record's {@code unbeaconed} mark holds the connection told, so
     * the next fixes over it are 0 until a beacon (which clears the mark), while a fix over another connection is 2
     * again (the push may have been lost with the old one) — else 0; the active orders only when the order pool is
     * concerned. The driver joins the order pool when reporting for it with no active order, and moves in it
     * whenever they are there.
     */
    static final LuaScript MOVE = new LuaScript(HEAL + """
            local last = redis.call('HGET', h, 'at')
            if ARGV[5] ~= '' and last and tonumber(ARGV[5]) < tonumber(last) then return {-1} end
            local set, unset = {'lat', ARGV[3], 'lon', ARGV[4], 'conn', ARGV[8], 'seen', ARGV[6]}, {}
            if ARGV[5] ~= '' then set[#set + 1] = 'at'; set[#set + 1] = ARGV[5] end
            for i, field in ipairs({'acc', 'heading', 'speed'}) do
              local value = ARGV[8 + i]
              if value ~= '' then set[#set + 1] = field; set[#set + 1] = value else unset[#unset + 1] = field end
            end
            redis.call('HSET', h, unpack(set))
            if #unset > 0 then redis.call('HDEL', h, unpack(unset)) end
            if redis.call('PTTL', h) < tonumber(ARGV[7]) then redis.call('PEXPIRE', h, ARGV[7]) end
            local out = {0}
            local active, t = redis.call('HGET', h, 'active'), redis.call('HGET', h, 'type')
            if active == '1' and t then
              if heal(ARGV[6]) == 'free' then
                index(t, ARGV[4], ARGV[3])
                out[1] = 1
              end
            elseif ARGV[12] ~= '1' and (not active or active == '1')
                and redis.call('HGET', h, 'unbeaconed') ~= ARGV[8] then
              redis.call('HSET', h, 'unbeaconed', ARGV[8])
              out[1] = 2
            end
            if ARGV[12] == '1' or redis.call('ZSCORE', KEYS[4], id) then
              local active = redis.call('SMEMBERS', KEYS[3])
              if #active == 0 then
                redis.call('GEOADD', KEYS[4], ARGV[4], ARGV[3], id)
              else
                redis.call('ZREM', KEYS[4], id)
              end
              for _, order in ipairs(active) do out[#out + 1] = order end
            end
            return out
            """);

    /** ARGV: 3 match, 4 until (ms), 5 now. Returns the profile and position, or nil when not available. */
    static final LuaScript CLAIM = new LuaScript(HEAL + """
            if redis.call('EXISTS', h) == 0 then
              redis.call('ZREM', all, id)
              return {}
            end
            local t = redis.call('HGET', h, 'type')
            local state = heal(ARGV[5])
            if redis.call('HGET', h, 'active') ~= '1' or state ~= 'free' then
              unindex(t)
              return {}
            end
            redis.call('HSET', h, 'state', 'proposed', 'match', ARGV[3], 'until', ARGV[4])
            unindex(t)
            return redis.call('HMGET', h, 'type', 'plate', 'rating', 'name', 'phone', 'lat', 'lon')
            """);

    /** ARGV: 3 match. Frees a driver the match held; back in the indexes if still active. 1 when indexed. */
    static final LuaScript RELEASE = new LuaScript(HEAL + """
            if redis.call('HGET', h, 'match') ~= ARGV[3] then return 0 end
            redis.call('HSET', h, 'state', 'free')
            redis.call('HDEL', h, 'match', 'until')
            local v = redis.call('HMGET', h, 'active', 'type', 'lat', 'lon')
            if v[1] == '1' and v[2] and v[3] then
              index(v[2], v[4], v[3])
              return 1
            end
            return 0
            """);

    /** ARGV: 3 state (proposed | assigned), 4 match, 5 until ms ('' for none). Out of the indexes. */
    static final LuaScript MARK = new LuaScript(HEAL + """
            redis.call('HSET', h, 'state', ARGV[3], 'match', ARGV[4])
            if ARGV[5] ~= '' then redis.call('HSET', h, 'until', ARGV[5]) else redis.call('HDEL', h, 'until') end
            unindex(redis.call('HGET', h, 'type'))
            return 1
            """);

    /** Inactive and out of the indexes; returns 1 when the driver was active. */
    static final LuaScript DEACTIVATE = new LuaScript(HEAL + """
            local was = redis.call('HGET', h, 'active')
            if was then redis.call('HSET', h, 'active', '0') end
            unindex(redis.call('HGET', h, 'type'))
            return was == '1' and 1 or 0
            """);

    /**
     * KEYS[1]: the index searched. ARGV: 1 lon, 2 lat, 3 count, 4 fresh-after ms ('' any), 5 record key prefix,
     * 6.. radii in km, ascending. The nearest {@code count} members, nearest first, with distances: searched in
     * widening circles, so a dense index is not scanned over the whole radius when the nearest few are close by
     * (GEOSEARCH examines every member inside the circle before sorting). Fewer than {@code count} within the last
     * radius means that is all there is. With fresh-after, a member whose record was last seen before it has gone
     * quiet: it is left out and leaves the index until it reports again.
     */
    static final LuaScript NEAREST = new LuaScript("""
            local count = tonumber(ARGV[3])
            local found = {}
            for i = 6, #ARGV do
              found = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', ARGV[1], ARGV[2], 'BYRADIUS', ARGV[i], 'km',
                'ASC', 'COUNT', count, 'WITHDIST')
              if ARGV[4] ~= '' then
                local fresh = {}
                for _, entry in ipairs(found) do
                  local seen = redis.call('HGET', ARGV[5] .. entry[1], 'seen')
                  if seen and tonumber(seen) >= tonumber(ARGV[4]) then
                    fresh[#fresh + 1] = entry
                  else
                    redis.call('ZREM', KEYS[1], entry[1])
                  end
                end
                found = fresh
              end
              if #found >= count then return found end
            end
            return found
            """);

    /**
     * KEYS[1]: the driver's record, KEYS[2]: the order pool. ARGV: 1 driver id, 2 connection id. A closed
     * connection is forgotten, and the driver leaves the order pool, unless they already report from another.
     */
    static final LuaScript FORGET_CONNECTION = new LuaScript("""
            if redis.call('HGET', KEYS[1], 'conn') == ARGV[2] then
              redis.call('HDEL', KEYS[1], 'conn')
              redis.call('ZREM', KEYS[2], ARGV[1])
              return 1
            end
            return 0
            """);

    private PoolScripts() {
    }
}
