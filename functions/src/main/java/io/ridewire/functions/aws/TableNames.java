package io.ridewire.functions.aws;

import io.micronaut.context.annotation.Value;
import io.ridewire.deployment.TableSpec;
import jakarta.inject.Singleton;

/** Physical table names: {@code ridewire.tables.prefix} ({@code RIDEWIRE_TABLES_PREFIX}) + the logical name. */
@Singleton
public class TableNames {
    private final String prefix;

    public TableNames(@Value("${ridewire.tables.prefix:ridewire-}") String prefix) {
        this.prefix = prefix;
    }

    public String of(TableSpec table) {
        return prefix + table.name();
    }

    public String prefix() {
        return prefix;
    }
}
