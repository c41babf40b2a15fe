package io.ridewire.e2e;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules of docs/architecture.md, enforced: a package name says which module a class is in and whether it
 * does I/O, and imports only go down the module graph (model ← deployment ← functions ← bridge ← localstack; infra
 * reads only model and deployment).
 */
class ArchitectureTest {
    private static final String[] IO = {"software.amazon..", "io.lettuce..", "io.nats..", "io.netty..", "java.net..",
            "java.nio.channels..", "java.sql..", "io.micronaut.http.client..", "io.micronaut.context.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // production code only: neither test classes nor the test support localstack publishes as its test-jar
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.ridewire");
    }

    @Test
    void theModelDoesNoIo_andKnowsNoOtherModule() {
        noClasses().that().resideInAPackage("io.ridewire.model..")
                .should().dependOnClassesThat().resideInAnyPackage(IO)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.ridewire.deployment..",
                        "io.ridewire.functions..", "io.ridewire.bridge..", "io.ridewire.local..", "io.ridewire.infra..")
                .check(classes);
    }

    @Test
    void deploymentListsAreDataOnTheModel() {
        noClasses().that().resideInAPackage("io.ridewire.deployment..")
                .should().dependOnClassesThat().resideInAnyPackage(IO)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.ridewire.functions..",
                        "io.ridewire.bridge..", "io.ridewire.local..", "io.ridewire.infra..")
                .check(classes);
    }

    @Test
    void functionsKnowNeitherTheLongLivedProcessesNorTheirDeployment() {
        noClasses().that().resideInAPackage("io.ridewire.functions..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ridewire.bridge..", "io.ridewire.local..",
                        "io.ridewire.infra..", "io.ridewire.bench..")
                .check(classes);
    }

    @Test
    void theBridgeKnowsNotTheLocalStack() {
        noClasses().that().resideInAPackage("io.ridewire.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ridewire.local..", "io.ridewire.infra..",
                        "io.ridewire.bench..")
                .check(classes);
    }

    @Test
    void infrastructureReadsOnlyTheDeploymentListsAndTheModel() {
        noClasses().that().resideInAPackage("io.ridewire.infra..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ridewire.functions..",
                        "io.ridewire.bridge..", "io.ridewire.local..", "io.ridewire.bench..")
                .check(classes);
    }

    @Test
    void noPackageCyclesInTheFunctions() {
        slices().matching("io.ridewire.functions.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noPackageCyclesInTheModel() {
        slices().matching("io.ridewire.model.(*)..").should().beFreeOfCycles().check(classes);
    }
}
