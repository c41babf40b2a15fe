package io.ridewire.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.services.ecs.AssetImage;
import software.amazon.awscdk.services.ecs.RepositoryImage;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static StackSettings settings(Optional<String> bridgeImage, Path root) {
        return new StackSettings("prod", true, 30, Path.of("x.jar"), bridgeImage, root, "cache.t4g.micro", 1, 1,
                Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty(), 3, "1");
    }

    @Test
    void bridgeImage_isBuiltFromTheDockerfile_whenItExists(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("bridge"));
        Files.writeString(root.resolve(BridgeService.DOCKERFILE), "FROM scratch\n");
        assertThat(BridgeService.image(settings(Optional.empty(), root))).isInstanceOf(AssetImage.class);
    }

    @Test
    void bridgeImage_isThePrebuiltOne_whenContextNamesIt(@TempDir Path root) {
        assertThat(BridgeService.image(settings(Optional.of("registry/bridge:1"), root)))
                .isInstanceOf(RepositoryImage.class);
    }

    @Test
    void bridgeImage_withNeitherDockerfileNorImage_failsSaying_howToFixIt(@TempDir Path root) {
        assertThatThrownBy(() -> BridgeService.image(settings(Optional.empty(), root)))
                .hasMessageContaining("bridge/Dockerfile").hasMessageContaining("-c bridgeImage=");
    }

    @Test
    void env_mustBeAShortLowerCaseName() {
        assertThatThrownBy(() -> new StackSettings("Prod_1", true, 30, Path.of("x"), Optional.empty(), Path.of("."),
                "t", 1, 1, Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty(), 3, "1")).hasMessageContaining("env");
    }

    @Test
    void turningHs256Off_withoutAJwksUrl_isRefused() {
        assertThatThrownBy(() -> new StackSettings("prod", true, 30, Path.of("x"), Optional.empty(), Path.of("."),
                "t", 1, 1, Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), 3, "1")).hasMessageContaining("jwksUrlParameter");
        assertThat(new StackSettings("prod", true, 30, Path.of("x"), Optional.empty(), Path.of("."),
                "t", 1, 1, Optional.of("/idp/jwks-url"), false, Optional.empty(), Optional.empty(), Optional.empty(), 3, "1").hs256Secret()).isFalse();
    }

    @Test
    void logRetention_isTheShortestThatKeepsAtLeastTheDaysAsked() {
        assertThat(Logs.retention(30)).isEqualTo(RetentionDays.ONE_MONTH);
        assertThat(Logs.retention(31)).isEqualTo(RetentionDays.TWO_MONTHS);
        assertThat(Logs.retention(1)).isEqualTo(RetentionDays.ONE_DAY);
    }
}
