package io.ridewire.functions.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoCallCounterTest {
    private final DynamoCallCounter counter = new DynamoCallCounter();

    @Test
    void callsDuringARoute_countUnderIt_includingThreadsItStarts_andBackgroundCallsDoNot() throws Exception {
        call("PutItem"); // background, e.g. a deadline poller
        Thread started = DynamoCallCounter.attributedTo("location.update", () -> {
            call("GetItem");
            return Thread.ofVirtual().start(() -> call("UpdateItem"));
        });
        started.join();
        call("DeleteItem");

        assertThat(counter.writes()).isEqualTo(3);
        assertThat(counter.total()).isEqualTo(4);
        assertThat(counter.snapshot("location.update")).containsOnlyKeys("GetItem", "UpdateItem");
        assertThat(counter.writes("location.update")).isEqualTo(1);
        assertThat(counter.total("ride.start")).isZero();
    }

    @Test
    void theCurrentRoute_canBeCarriedToAThreadTheRouteDidNotStart_andANullRouteRunsUnattributed() {
        assertThat(DynamoCallCounter.currentRoute()).isNull();
        String carried = DynamoCallCounter.attributedTo("beacon.update", DynamoCallCounter::currentRoute);
        DynamoCallCounter.attributedTo("ride.start", () -> {
            // a pool thread created by another route inherited its label: the carried route replaces it
            DynamoCallCounter.attributedTo(carried, () -> {
                call("PutItem");
                return null;
            });
            return DynamoCallCounter.attributedTo(null, () -> {
                call("GetItem");
                return null;
            });
        });

        assertThat(counter.snapshot("beacon.update")).containsOnlyKeys("PutItem");
        assertThat(counter.total("ride.start")).isZero();
        assertThat(counter.total()).isEqualTo(2);
    }

    private void call(String operation) {
        ExecutionAttributes attributes = new ExecutionAttributes();
        attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
        counter.beforeExecution(null, attributes);
    }
}
