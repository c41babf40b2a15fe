package io.ridewire.infra;

import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room to grow: with twice today's routes, every template — the parent and each nested one — stays under half of
 * CloudFormation's limits (1 MB of template, 500 resources), so routes can be added for a long while before
 * anyone has to think about the split again.
 */
class TemplateSizeTest {
    private static final int HALF_TEMPLATE_LIMIT_BYTES = 1024 * 1024 / 2;
    private static final int HALF_RESOURCE_LIMIT = 250;

    @Test
    void twiceTodaysRoutes_keepEveryTemplateUnderHalfOfTheLimits() throws IOException {
        List<Route> doubled = new ArrayList<>(RouteCatalogue.routes());
        for (Route route : RouteCatalogue.routes()) {
            String handler = route.handlerClass().replaceFirst("Handler$", "") + "Copy" + "Handler";
            doubled.add(new Route(route.routeKey() + ".copy", handler, route.returnResponse(), route.needs()));
        }
        Synth synth = new Synth(doubled, "cdk-doubled.out");
        assertThat(synth.stack.functions().byRouteKey()).hasSize(2 * RouteCatalogue.routes().size());

        // the files cdk synth writes and deploy uploads: the parent and one per nested stack
        List<Path> templates;
        try (var files = Files.list(synth.outdir)) {
            templates = files.filter(p -> p.getFileName().toString().endsWith(".template.json")).toList();
        }
        assertThat(templates).hasSize(1 + synth.stack.nestedStacks().size());
        for (Path file : templates) {
            long bytes = Files.size(file);
            int resources = new ObjectMapper().readTree(file.toFile()).get("Resources").size();
            assertThat(bytes).as("%s: template bytes", file.getFileName()).isLessThan(HALF_TEMPLATE_LIMIT_BYTES);
            assertThat(resources).as("%s: resources", file.getFileName()).isLessThan(HALF_RESOURCE_LIMIT);
        }
    }
}
