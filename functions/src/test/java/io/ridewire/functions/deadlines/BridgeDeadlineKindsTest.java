package io.ridewire.functions.deadlines;

import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.functions.testing.ServiceContext;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge fires every deadline handler the functions define, and its task role is granted what
 * {@link BridgeCatalogue} declares for each kind: a handler without its line there would run with grants nobody
 * reviewed (and be refused in the cloud), a line without a handler grants what nothing uses.
 */
class BridgeDeadlineKindsTest {

    @Test
    void everyDeadlineHandlersKind_isDeclaredInTheBridgeCatalogue_andOnlyThose() {
        Set<String> kinds = ServiceContext.get().getBeansOfType(DeadlineHandler.class).stream()
                .map(DeadlineHandler::kind).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(BridgeCatalogue.deadlineHandlers().keySet());
    }
}
