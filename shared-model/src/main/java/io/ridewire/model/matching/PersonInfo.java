package io.ridewire.model.matching;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** {@code passenger_info}: what the other party may see of a person; every field optional. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonInfo(String name, String phone, Double rating) {
    public static final PersonInfo NONE = new PersonInfo(null, null, null);
}
