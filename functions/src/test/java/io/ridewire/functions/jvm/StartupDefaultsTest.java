package io.ridewire.functions.jvm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupDefaultsTest {
    private final String netty = System.getProperty("io.netty.jfr.enabled");
    private final String lettuce = System.getProperty("io.lettuce.core.jfr");

    @AfterEach
    void restore() {
        restore("io.netty.jfr.enabled", netty);
        restore("io.lettuce.core.jfr", lettuce);
    }

    @Test
    void turnsFlightRecorderSupportOff_unlessAskedFor() {
        System.clearProperty("io.netty.jfr.enabled");
        System.setProperty("io.lettuce.core.jfr", "true");

        StartupDefaults.apply();

        assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
        assertThat(System.getProperty("io.lettuce.core.jfr")).as("given, so kept").isEqualTo("true");
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
