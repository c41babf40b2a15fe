package io.ridewire.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class NagTest {

    @Test
    void awsSolutions_noUnsuppressedErrors() {
        List<SynthesisMessage> errors = Synth.shared().annotations
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors.stream().map(m -> m.getId() + " " + m.getEntry().getData()).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void awsSolutions_noUnsuppressedWarnings() {
        List<SynthesisMessage> warnings = Synth.shared().annotations
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings.stream().map(m -> m.getId() + " " + m.getEntry().getData()).collect(Collectors.joining("\n")))
                .isEmpty();
    }
}
