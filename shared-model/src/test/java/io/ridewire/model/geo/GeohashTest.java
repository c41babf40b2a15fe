package io.ridewire.model.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeohashTest {

    @Test
    void jakartaSpecPoint_encodesToTheStandardSixCharacterCell() {
        // The spec's beacon.status example shows "qqgux4" beside -6.2088, 106.8456. The standard geohash of that
        // point (Redis GEOHASH gives qqguxmdx4g0) is qqguxm; qqgux4 is the neighbouring cell about 2 km south-west.
        // Both share the 5-character cell qqgux, which is as far as the example and the standard agree.
        String hash = Geohash.encode(-6.2088, 106.8456, 6);
        assertThat(hash).isEqualTo("qqguxm");
        assertThat(hash).startsWith("qqgux");
    }

    @Test
    void wikipediaReferencePoint_encodesToTheKnownHash() {
        assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
    }

    @Test
    void redisGeohash_agreesToTheTenCharactersItsFiftyTwoBitsHold() {
        // Redis stores 52 bits, so its 11th character (qqguxmdx4g0) is padding
        assertThat(Geohash.encode(-6.2088, 106.8456, 10)).isEqualTo("qqguxmdx4g");
    }

    @Test
    void corners_encodeToTheExtremeCells() {
        assertThat(Geohash.encode(0, 0, 6)).isEqualTo("s00000");
        assertThat(Geohash.encode(-90, -180, 6)).isEqualTo("000000");
        assertThat(Geohash.encode(90, 180, 6)).isEqualTo("zzzzzz");
    }

    @Test
    void precisionOutsideOneToTwelve_isRefused() {
        assertThatThrownBy(() -> Geohash.encode(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Geohash.encode(0, 0, 13)).isInstanceOf(IllegalArgumentException.class);
    }
}
