package io.ridewire.model.protocol;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FieldsTest {
    private static Fields fields(String json) throws IOException {
        return Fields.ofPayload(ObjectMapper.getDefault().readValue(json, JsonNode.class));
    }

    private static InvalidMessage refusal(ThrowingRead read) {
        return catchThrowableOfType(InvalidMessage.class, () -> read.run());
    }

    interface ThrowingRead {
        void run() throws IOException;
    }

    @Test
    void nestedFields_areNamedByTheirDottedPath() throws IOException {
        Fields payload = fields("{\"pickup_location\":{\"latitude\":\"north\"}}");
        InvalidMessage invalid = refusal(() -> payload.object("pickup_location").number("latitude"));
        assertThat(invalid.field()).isEqualTo("pickup_location.latitude");
        assertThat(invalid.code()).isEqualTo(ErrorCode.INVALID_TYPE);
    }

    @Test
    void missingAndNull_areBothRequired() throws IOException {
        Fields payload = fields("{\"a\":null}");
        assertThat(refusal(() -> payload.string("a")).code()).isEqualTo(ErrorCode.REQUIRED);
        assertThat(refusal(() -> payload.string("b")).code()).isEqualTo(ErrorCode.REQUIRED);
        assertThat(payload.optionalString("a")).isEmpty();
    }

    @Test
    void blankStrings_areRequired() throws IOException {
        assertThat(refusal(() -> fields("{\"a\":\"  \"}").string("a")).code()).isEqualTo(ErrorCode.REQUIRED);
    }

    @Test
    void ranges_useTheGivenCode() throws IOException {
        Fields payload = fields("{\"latitude\":91.5,\"speed\":-1}");
        InvalidMessage lat = refusal(() -> payload.numberIn("latitude", -90, 90, ErrorCode.INVALID_COORDINATES));
        assertThat(lat.code()).isEqualTo(ErrorCode.INVALID_COORDINATES);
        assertThat(lat.field()).isEqualTo("latitude");
        assertThat(refusal(() -> payload.numberIn("speed", 0, 1000, ErrorCode.OUT_OF_RANGE)).code())
                .isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(payload.numberIn("latitude", -92, 92, ErrorCode.OUT_OF_RANGE)).isEqualTo(91.5);
    }

    @Test
    void integers_refuseFractions() throws IOException {
        Fields payload = fields("{\"n\":2.5,\"m\":3}");
        assertThat(refusal(() -> payload.integer("n")).code()).isEqualTo(ErrorCode.INVALID_TYPE);
        assertThat(payload.integer("m")).isEqualTo(3);
    }

    @Test
    void oneOf_refusesOtherValues() throws IOException {
        Fields payload = fields("{\"user_type\":\"pilot\"}");
        InvalidMessage invalid = refusal(() -> payload.oneOf("user_type", Set.of("driver", "passenger")));
        assertThat(invalid.code()).isEqualTo(ErrorCode.INVALID_VALUE);
        assertThat(invalid.getMessage()).contains("driver, passenger");
    }

    @Test
    void arrayElements_areNamedByIndex() throws IOException {
        Fields payload = fields("{\"items\":[{\"qty\":1},{\"qty\":\"two\"}]}");
        InvalidMessage invalid = refusal(() -> payload.objects("items").forEach(item -> item.integer("qty")));
        assertThat(invalid.field()).isEqualTo("items[1].qty");
    }

    @Test
    void booleans_areStrict() throws IOException {
        assertThat(refusal(() -> fields("{\"is_active\":\"true\"}").bool("is_active")).code())
                .isEqualTo(ErrorCode.INVALID_TYPE);
        assertThat(fields("{\"is_active\":true}").bool("is_active")).isTrue();
    }
}
