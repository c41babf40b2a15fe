package io.ridewire.functions.presence;

import java.util.List;

/** Every connection row at one moment, split by whether it is past its TTL: what the sweeper works from. */
public record Census(List<Connection> live, List<Connection> expired) {
}
