package io.ridewire.functions.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.testing.ServiceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Against the real Redis: a script keeps working after the server forgot it, as after a restart. */
class LuaScriptTest {
    // a fresh source per run, so no earlier run left it cached on a shared server
    private final String source = "-- " + UUID.randomUUID() + "\nreturn redis.call('INCR', KEYS[1]) + tonumber(ARGV[1])";
    private final String key = "lua-" + UUID.randomUUID();
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> commands;

    @BeforeEach
    void connect() {
        client = RedisClient.create(ServiceContext.redisUri());
        connection = client.connect();
        commands = connection.sync();
    }

    @AfterEach
    void close() {
        commands.del(key);
        connection.close();
        client.shutdown();
    }

    @Test
    void anUnknownScriptIsSentOnce_thenRunByItsDigest() {
        LuaScript script = new LuaScript(source);
        String digest = commands.digest(source);
        assertThat(commands.scriptExists(digest)).containsExactly(false);

        Long first = script.run(commands, ScriptOutputType.INTEGER, new String[] {key}, "10");

        assertThat(first).isEqualTo(11L);
        assertThat(commands.scriptExists(digest)).as("the fallback EVAL caches it").containsExactly(true);
        Long second = script.run(commands, ScriptOutputType.INTEGER, new String[] {key}, "10");
        assertThat(second).isEqualTo(12L);
    }

    @Test
    void aServerThatForgotTheScript_getsItAgain() {
        assumeTrue(System.getenv("RIDEWIRE_TEST_REDIS_URI") != null, "flushes scripts: only on the private server ./ridewire test starts");
        LuaScript script = new LuaScript(source);
        script.run(commands, ScriptOutputType.INTEGER, new String[] {key}, "0");

        commands.scriptFlush();

        Long after = script.run(commands, ScriptOutputType.INTEGER, new String[] {key}, "0");
        assertThat(after).as("run exactly once more, not lost and not repeated").isEqualTo(2L);
    }
}
