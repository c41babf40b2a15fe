package io.ridewire.functions.system;

import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import io.ridewire.model.protocol.WireFormat;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Process-wide beans: the clock every service reads time from, and the wire codec. */
@Factory
public class SystemBeans {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    WireFormat wireFormat(JsonMapper json) {
        return new WireFormat(json);
    }
}
