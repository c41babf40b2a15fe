package io.ridewire.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One synthesis of the stack, shared by every test in the JVM (jsii starts Node.js once; a synth takes seconds),
 * with cdk-nag's AwsSolutions checks applied as {@code cdk synth} applies them.
 */
final class Synth {
    static final String BRIDGE_IMAGE = "public.ecr.aws/example/ridewire-bridge:test";
    /** A concrete account and region, as {@code cdk synth} with credentials (or {@code -c account/region}) gives. */
    static final String ACCOUNT = "123456789012";
    static final String REGION = "ap-southeast-1";

    private static Synth shared;

    final RidewireStack stack;
    final Template template;
    /** The parent and nested templates as one, cross-stack parameters and outputs resolved. */
    final Map<String, Object> merged;
    /** Findings of the parent and of every nested stack. */
    final List<SynthesisMessage> errors = new ArrayList<>();
    final List<SynthesisMessage> warnings = new ArrayList<>();
    final boolean realJar;

    final Path outdir;

    private Synth() {
        this(RouteCatalogue.routes(), "cdk.out");
    }

    /** A synthesis with other routes than the catalogue's (the size guard doubles them). */
    Synth(List<Route> routes, String outdirName) {
        Path jar = Path.of(StackSettings.DEFAULT_JAR);
        this.realJar = Files.isRegularFile(jar);
        App app = new App(AppProps.builder()
                .outdir((this.outdir = tempDir(outdirName)).toString())
                .context(Map.of(
                        "env", "test",
                        "bridgeImage", BRIDGE_IMAGE,
                        "functionsJar", (realJar ? jar : placeholderJar()).toString(),
                        "jwksUrlParameter", "/ridewire/test/jwks-url",
                        "jwtIssuer", "https://idp.example",
                        "jwtAudience", "ridewire-test",
                        "corsAllowedOrigins", "https://shop.example",
                        // what cdk.context.json holds for this account, as the CLI would have looked it up
                        "availability-zones:account=" + ACCOUNT + ":region=" + REGION,
                        List.of(REGION + "a", REGION + "b", REGION + "c")))
                .build());
        StackSettings settings = StackSettings.from(app.getNode());
        this.stack = new RidewireStack(app, "Ridewire-test", StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(REGION).build()).build(), settings, routes);
        Aspects.of(app).add(new AwsSolutionsChecks());
        this.template = Template.fromStack(stack);
        Map<String, Map<String, Object>> nested = new LinkedHashMap<>();
        collect(Annotations.fromStack(stack));
        for (NestedStack child : stack.nestedStacks()) {
            // a nested stack's findings are recorded in its parent's artifact
            nested.put(child.getNode().getId(), Template.fromStack(child).toJSON());
        }
        this.merged = Cfn.merge(template.toJSON(), nested);
    }

    private void collect(Annotations annotations) {
        errors.addAll(annotations.findError("*", Match.anyValue()));
        warnings.addAll(annotations.findWarning("*", Match.anyValue()));
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
    static Path placeholderJar() {
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
    static Path tempDir(String name) {
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
