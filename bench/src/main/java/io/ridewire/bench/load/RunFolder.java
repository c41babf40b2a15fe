package io.ridewire.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The folder of one benchmark run ({@code bench/target/runs/SCENARIO-TIMESTAMP}): its stack log, profiles. */
public final class RunFolder {
    private RunFolder() {
    }

    public static Path create(String scenario) throws IOException {
        Path root = Path.of(System.getProperty("ridewire.root", "."));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Files.createDirectories(root.toAbsolutePath().normalize().resolve("bench/target/runs").resolve(scenario + "-" + stamp + "-"
                + ProcessHandle.current().pid()));
        System.out.println("run folder: " + folder);
        return folder;
    }
}
