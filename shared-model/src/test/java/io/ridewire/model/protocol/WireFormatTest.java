package io.ridewire.model.protocol;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WireFormatTest {
    private final WireFormat wire = new WireFormat(ObjectMapper.create(
            Map.of("micronaut.serde.write-dates-as-timestamps", false), "io.ridewire"));

    @Test
    void decode_readsTypeIdAndPayload() {
        Envelope envelope = wire.decode("{\"type\":\"ping\",\"id\":\"c-42\",\"payload\":{\"a\":1}}");
        assertThat(envelope.type()).isEqualTo("ping");
        assertThat(envelope.id()).isEqualTo("c-42");
        assertThat(envelope.payload().get("a").getIntValue()).isEqualTo(1);
    }

    @Test
    void decode_acceptsANumericIdAsText() {
        assertThat(wire.decode("{\"type\":\"ping\",\"id\":7}").id()).isEqualTo("7");
    }

    @Test
    void decode_nonJson_isInvalidJsonOnTheBody() {
        InvalidMessage invalid = catchThrowableOfType(InvalidMessage.class, () -> wire.decode("{nope"));
        assertThat(invalid.code()).isEqualTo(ErrorCode.INVALID_JSON);
        assertThat(invalid.field()).isEqualTo("body");
    }

    @Test
    void decode_emptyOrNonObject_isInvalidJson() {
        assertThat(catchThrowableOfType(InvalidMessage.class, () -> wire.decode("")).code()).isEqualTo(ErrorCode.INVALID_JSON);
        assertThat(catchThrowableOfType(InvalidMessage.class, () -> wire.decode("\"ping\"")).code()).isEqualTo(ErrorCode.INVALID_JSON);
        assertThat(catchThrowableOfType(InvalidMessage.class, () -> wire.decode("[]")).code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Test
    void decode_missingType_isRequired() {
        InvalidMessage invalid = catchThrowableOfType(InvalidMessage.class, () -> wire.decode("{\"payload\":{}}"));
        assertThat(invalid.field()).isEqualTo("type");
        assertThat(invalid.code()).isEqualTo(ErrorCode.REQUIRED);
    }

    @Test
    void decode_typeNotAString_isInvalidType() {
        assertThat(catchThrowableOfType(InvalidMessage.class, () -> wire.decode("{\"type\":true}")).code())
                .isEqualTo(ErrorCode.INVALID_TYPE);
    }

    @Test
    void decode_idOfTheWrongKind_isInvalidType() {
        InvalidMessage invalid = catchThrowableOfType(InvalidMessage.class, () -> wire.decode("{\"type\":\"ping\",\"id\":{}}"));
        assertThat(invalid.field()).isEqualTo("id");
    }

    @Test
    void decode_payloadNotAnObject_isInvalidType() {
        InvalidMessage invalid = catchThrowableOfType(InvalidMessage.class, () -> wire.decode("{\"type\":\"ping\",\"payload\":[1]}"));
        assertThat(invalid.field()).isEqualTo("payload");
        assertThat(invalid.code()).isEqualTo(ErrorCode.INVALID_TYPE);
    }

    @Test
    void typeAndIdOrNull_recoverWhatTheyCanFromARejectedFrame() {
        assertThat(wire.typeOrNull("{\"type\":\"x\",\"payload\":5}")).isEqualTo("x");
        assertThat(wire.typeOrNull("garbage")).isNull();
        assertThat(wire.idOrNull("{\"id\":\"abc\"}")).isEqualTo("abc");
    }

    @Test
    void encode_omitsAbsentSeqAndAckFlag_butKeepsAckRequiredWhenSet() {
        String plain = wire.encode(ServerMessage.of(EventType.PONG, "id-1", Map.of()));
        assertThat(plain).isEqualTo("{\"type\":\"pong\",\"id\":\"id-1\",\"payload\":{}}");
        String critical = wire.encode(new ServerMessage("x", "id-2", 5L, true, Map.of("k", "v")));
        assertThat(critical).isEqualTo("{\"type\":\"x\",\"id\":\"id-2\",\"seq\":5,\"ack_required\":true,\"payload\":{\"k\":\"v\"}}");
    }

    @Test
    void decode_rejectsNothingWhenPayloadIsNull() {
        assertThatThrownBy(() -> wire.decode("{\"type\":\"ping\",\"payload\":null}").fields().string("x"))
                .isInstanceOf(InvalidMessage.class)
                .extracting(e -> ((InvalidMessage) e).code()).isEqualTo(ErrorCode.REQUIRED);
    }
}
