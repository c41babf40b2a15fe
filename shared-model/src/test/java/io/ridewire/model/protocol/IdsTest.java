package io.ridewire.model.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {

    @Test
    void idsOfEveryShapeRidewireMakes_areValid() {
        assertThat(Ids.isValid("u-1")).isTrue();
        assertThat(Ids.isValid("order:ord-2b1c:status:picked_up")).isTrue();
        assertThat(Ids.isValid("auth0|5f7c8ec7c33c6c004bbafe82")).isTrue();
        assertThat(Ids.isValid("rider+1@example.com")).isTrue();
        assertThat(Ids.isValid("x".repeat(Ids.MAX_LENGTH))).isTrue();
    }

    @Test
    void emptyLongOrOddIds_areNot() {
        assertThat(Ids.isValid("")).isFalse();
        assertThat(Ids.isValid(null)).isFalse();
        assertThat(Ids.isValid("x".repeat(Ids.MAX_LENGTH + 1))).isFalse();
        assertThat(Ids.isValid("a b")).isFalse();
        assertThat(Ids.isValid("a\nb")).isFalse();
        assertThat(Ids.isValid("a/b")).isFalse();
        assertThat(Ids.isValid("é")).isFalse();
    }

    @Test
    void check_namesTheFieldAndTheCode() {
        assertThatThrownBy(() -> Ids.check("payload.match_id", "x".repeat(20_000)))
                .isInstanceOfSatisfying(InvalidMessage.class, e -> {
                    assertThat(e.field()).isEqualTo("payload.match_id");
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_LONG);
                });
        assertThatThrownBy(() -> Ids.check("id", "a b"))
                .isInstanceOfSatisfying(InvalidMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHARACTERS));
    }
}
