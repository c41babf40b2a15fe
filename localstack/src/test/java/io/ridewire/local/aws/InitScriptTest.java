package io.ridewire.local.aws;

import io.ridewire.local.dynamo.InitScript;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed LocalStack init script is exactly what the table catalogue generates. */
class InitScriptTest {
    static final Path SCRIPT = Path.of("init/ready.d/10-ridewire.sh");

    @Test
    void committedScript_matchesTheCatalogue() throws IOException {
        String expected = InitScript.render();
        Path generated = Path.of("target/10-ridewire.sh");
        Files.writeString(generated, expected);
        assertThat(Files.readString(SCRIPT))
                .as("localstack/%s is stale: copy localstack/%s over it", SCRIPT, generated)
                .isEqualTo(expected);
    }

    @Test
    void script_createsEveryCatalogueTableWithItsTtl() {
        String script = InitScript.render();
        for (TableSpec table : TableCatalogue.all()) {
            assertThat(script).contains("table \"${PREFIX}" + table.name() + "\"")
                    .contains("ttl \"${PREFIX}" + table.name() + "\" " + table.ttlAttribute());
        }
    }

    @Test
    void script_isExecutable() {
        assertThat(Files.isExecutable(SCRIPT)).isTrue();
    }
}
