package io.ridewire.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cdk synth} as a platform engineer runs it: the real CDK CLI (pinned in package.json, installed with
 * {@code npm ci}), a concrete account and region, {@code --strict}, the app with cdk-nag's checks. The CLI exits
 * non-zero on any error annotation — an unsuppressed nag finding is one — and with {@code --strict} on warnings.
 */
class CliSynthTest {
    private static final Path CDK = Path.of("node_modules", ".bin", "cdk");

    @BeforeAll
    static void installCli() throws Exception {
        if (!Files.isExecutable(CDK)) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertThat(npm.exit).as("npm ci\n%s", npm.output).isZero();
        }
    }

    @Test
    void synth_withConcreteAccountAndRegion_passesEveryNagCheck() throws Exception {
        Path out = Synth.tempDir("cli.out");
        Result synth = run(cdk("io.ridewire.infra.RidewireApp", out, "-c", "env=staging",
                "-c", "account=" + Synth.ACCOUNT, "-c", "region=" + Synth.REGION,
                "-c", "bridgeImage=" + Synth.BRIDGE_IMAGE,
                "-c", "functionsJar=" + Synth.placeholderJar().toAbsolutePath()));
        assertThat(synth.exit).as("cdk synth\n%s", synth.output).isZero();
        assertThat(synth.output).doesNotContain("AwsSolutions-");

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.at("/artifacts/Ridewire-staging/environment").asText())
                .isEqualTo("aws://" + Synth.ACCOUNT + "/" + Synth.REGION);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nested.template.json")))
                    .as("one nested template per route concern, and the REST API's").hasSizeGreaterThan(5);
        }
    }

    @Test
    void synth_failsOnAnUnsuppressedNagFinding() throws Exception {
        Result synth = run(cdk("io.ridewire.infra.NagProbeApp", Synth.tempDir("cli-probe.out")));
        assertThat(synth.exit).as("cdk synth of an app with a finding\n%s", synth.output).isNotZero();
        assertThat(synth.output).contains("AwsSolutions-S1");
    }

    private static List<String> cdk(String mainClass, Path out, String... context) throws IOException {
        String classpath = String.join(File.pathSeparator, Path.of("target", "test-classes").toAbsolutePath().toString(),
                Path.of("target", "classes").toAbsolutePath().toString(),
                Files.readString(Path.of("target", "classpath.txt")).trim());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(CDK.toString(), "synth", "--strict", "--quiet",
                "--no-notices", "--no-version-reporting", "--output", out.toAbsolutePath().toString(),
                "--app", java + " -cp " + classpath + " " + mainClass));
        command.addAll(List.of(context));
        return command;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // no credentials are needed for a synth with an explicit environment: never wait on instance metadata
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
