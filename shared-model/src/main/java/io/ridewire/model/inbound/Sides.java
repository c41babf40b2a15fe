package io.ridewire.model.inbound;

import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Optional;
import java.util.Set;

/** {@code user_type}, where a message names the sender's side: it must be the caller's own — nobody speaks for the other side. */
final class Sides {
    private static final Set<String> USER_TYPES = Set.of("driver", "passenger");

    private Sides() {
    }

    static void require(Fields payload, Party sender) {
        check(payload.oneOf("user_type", USER_TYPES), sender);
    }

    static void checkIfPresent(Fields payload, Party sender) {
        Optional<String> userType = payload.optionalOneOf("user_type", USER_TYPES);
        userType.ifPresent(named -> check(named, sender));
    }

    private static void check(String userType, Party sender) {
        if (!userType.equals(sender.userType())) {
            throw InvalidMessage.forbidden("user_type", "you are connected as a " + sender.userType());
        }
    }
}
