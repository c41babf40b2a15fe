package io.ridewire.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One synthesis of the stack, shared by every test in the JVM (jsii starts Node.js once; a synth takes seconds),
 * with cdk-nag's AwsSolutions checks applied as {@code cdk synth} applies them.
 */
final class Synth {
    static final String BRIDGE_IMAGE = "public.ecr.aws/example/ridewire-bridge:test";

    private static Synth shared;

    final RidewireStack stack;
    final Template template;
    final Annotations annotations;
    final boolean realJar;

    private Synth() {
        Path jar = Path.of(StackSettings.DEFAULT_JAR);
        this.realJar = Files.isRegularFile(jar);
        App app = new App(AppProps.builder()
                .outdir(tempDir("cdk.out").toString())
                .context(Map.of(
                        "env", "test",
                        "bridgeImage", BRIDGE_IMAGE,
                        "functionsJar", (realJar ? jar : placeholderJar()).toString(),
                        "jwksUrlParameter", "/ridewire/test/jwks-url"))
                .build());
        StackSettings settings = StackSettings.from(app.getNode());
        this.stack = new RidewireStack(app, "Ridewire-test", StackProps.builder().build(), settings);
        Aspects.of(app).add(new AwsSolutionsChecks());
        this.template = Template.fromStack(stack);
        this.annotations = Annotations.fromStack(stack);
    }

    static synchronized Synth shared() {
        if (shared == null) {
            shared = new Synth();
        }
        return shared;
    }

    /**
     * A stand-in for the shaded functions jar when it has not been built ({@code mvn -pl functions -am package}
     * builds it): the template is the same apart from the asset hash.
     */
    private static Path placeholderJar() {
        Path jar = tempDir("jar").resolve("functions-placeholder.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.write("placeholder for functions-0.1.0-SNAPSHOT-lambda.jar".getBytes());
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** Under target/, so that {@code mvn clean} removes it (an asset copy of the jar is tens of MB). */
    private static Path tempDir(String name) {
        try {
            Path dir = Path.of("target", "synth-" + name);
            if (Files.isDirectory(dir)) {
                try (var old = Files.walk(dir)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
