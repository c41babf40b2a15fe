package io.ridewire.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class NagTest {

    @Test
    void synthesis_reportsNoErrors_awsSolutionsIncluded() {
        List<SynthesisMessage> errors = Synth.shared().errors;
        assertThat(errors.stream().map(m -> m.getId() + " " + m.getEntry().getData()).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void synthesis_warnsAboutNothing() {
        List<SynthesisMessage> warnings = Synth.shared().warnings;
        assertThat(warnings.stream().map(m -> m.getId() + " " + m.getEntry().getData()).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void awsSolutions_noUnsuppressedWarnings() {
        List<SynthesisMessage> warnings = Synth.shared().warnings.stream()
                .filter(m -> String.valueOf(m.getEntry().getData()).contains("AwsSolutions-")).toList();
        assertThat(warnings.stream().map(m -> m.getId() + " " + m.getEntry().getData()).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    /** Proves the checks ran (a suppression is recorded) and that no suppression is without a real reason. */
    @Test
    @SuppressWarnings("unchecked")
    void everySuppression_carriesAWrittenReason() {
        Map<String, Object> resources = (Map<String, Object>) Synth.shared().merged.get("Resources");
        int suppressions = 0;
        for (Object resource : resources.values()) {
            Map<String, Object> metadata = (Map<String, Object>) ((Map<String, Object>) resource).get("Metadata");
            if (metadata == null || !metadata.containsKey("cdk_nag")) {
                continue;
            }
            List<Map<String, Object>> rules = (List<Map<String, Object>>)
                    ((Map<String, Object>) metadata.get("cdk_nag")).get("rules_to_suppress");
            for (Map<String, Object> rule : rules) {
                suppressions++;
                assertThat((String) rule.get("reason")).as("reason for %s", rule.get("id")).hasSizeGreaterThan(40);
            }
        }
        assertThat(suppressions).isPositive();
    }
}
