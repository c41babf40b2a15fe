package io.ridewire.e2e.system;

import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of Lambda entry class (a connect, a message route, the REST API) starts as Lambda starts it, by its
 * no-arg constructor in a fresh JVM configured only by the environment, and answers, whether its init creates every
 * singleton up front (SnapStart) or only what the request asks for (on demand).
 */
class LambdaEntryIT {

    @ParameterizedTest
    @ValueSource(strings = {"on-demand", "snap-start"})
    void eachEntryClassStartsFromTheEnvironmentAlone_andAnswers(String initializationType) throws Exception {
        try (LocalStack stack = TestStacks.start(b -> b)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path err = Files.createTempFile("lambda-entry", ".err");
            err.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    LambdaEntry.class.getName())).redirectError(err.toFile());
            builder.environment().putAll(stack.environmentForProcesses());
            builder.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
            builder.environment().put("RIDEWIRE_LOG_LEVEL", "WARN");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

            assertThat(out).as(stderr(err)).contains("ENTRY connect=200 health=200 ping=")
                    .containsPattern("ping=\\{\"type\":\"pong\",\"id\":\"p-1\"");
        }
    }

    private static String stderr(Path err) throws IOException {
        String text = Files.readString(err);
        return "the entry JVM's stderr: " + text.substring(Math.max(0, text.length() - 3000));
    }
}
