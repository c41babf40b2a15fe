package io.ridewire.model.inbound;

import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Optional;

/** Free text some messages bound tighter than {@link Fields#MAX_TEXT_LENGTH}: longer is INVALID_VALUE. */
final class Texts {
    private Texts() {
    }

    static Optional<String> optional(Fields fields, String name, int max) {
        Optional<String> value = fields.optionalString(name);
        if (value.isPresent() && value.get().length() > max) {
            throw new InvalidMessage(fields.pathOf(name), ErrorCode.INVALID_VALUE,
                    fields.pathOf(name) + " must be at most " + max + " characters");
        }
        return value;
    }
}
