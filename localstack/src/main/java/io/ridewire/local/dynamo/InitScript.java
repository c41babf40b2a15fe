package io.ridewire.local.dynamo;

import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code localstack/init/ready.d/10-ridewire.sh}, the script LocalStack runs when it is ready: the
 * {@link TableCatalogue} tables (keys, indexes, TTL, as the CDK stack declares them) and the secrets the functions
 * read. Generated, so it cannot drift from the catalogue ({@code InitScriptTest} compares the committed file).
 * Regenerate (JDK >= 21): {@code java -cp localstack/target/localstack-0.1.0-SNAPSHOT.jar:localstack/target/lib/*
 * io.ridewire.local.dynamo.InitScript > localstack/init/ready.d/10-ridewire.sh}.
 */
public final class InitScript {
    private InitScript() {
    }

    public static void main(String[] args) {
        System.out.print(render());
    }

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("""
                #!/bin/bash
                # Generated from io.ridewire.deployment.TableCatalogue by io.ridewire.local.dynamo.InitScript: do not edit.
                # LocalStack runs this once it is ready (mounted at /etc/localstack/init/ready.d). It creates what the
                # CDK stack creates in AWS and LocalStack's free tier emulates: the DynamoDB tables and the secrets.
                set -euo pipefail
                PREFIX="${RIDEWIRE_TABLES_PREFIX:-ridewire-}"
                NATS_URL="${RIDEWIRE_NATS_URL:-nats://127.0.0.1:4222}"
                JWT_SECRET="${RIDEWIRE_JWT_SECRET:-local-development-secret-change-me-0123456789}"

                table() {
                  local name="$1"; shift
                  if awslocal dynamodb describe-table --table-name "$name" >/dev/null 2>&1; then
                    echo "ridewire: table $name exists"; return 0
                  fi
                  awslocal dynamodb create-table --table-name "$name" --billing-mode PAY_PER_REQUEST "$@" >/dev/null
                  echo "ridewire: table $name created"
                }

                ttl() {
                  awslocal dynamodb update-time-to-live --table-name "$1" \\
                    --time-to-live-specification "Enabled=true,AttributeName=$2" >/dev/null 2>&1 || true
                }

                secret() {
                  awslocal secretsmanager create-secret --name "$1" --secret-string "$2" >/dev/null 2>&1 \\
                    || awslocal secretsmanager put-secret-value --secret-id "$1" --secret-string "$2" >/dev/null
                  echo "ridewire: secret $1"
                }

                """);
        for (TableSpec table : TableCatalogue.all()) {
            out.append(table(table)).append('\n');
        }
        out.append("""
                secret "${PREFIX}local-jwt-secret" "$JWT_SECRET"
                secret "${PREFIX}local-nats-url" "$NATS_URL"
                echo "ridewire: LocalStack resources ready"
                """);
        return out.toString();
    }

    private static String table(TableSpec table) {
        Map<String, TableSpec.Attribute> attributes = new LinkedHashMap<>();
        attributes.put(table.partitionKey().name(), table.partitionKey());
        table.sortKeyIfAny().ifPresent(key -> attributes.putIfAbsent(key.name(), key));
        List<String> indexes = new ArrayList<>();
        for (TableSpec.Index index : table.indexes()) {
            attributes.putIfAbsent(index.partitionKey().name(), index.partitionKey());
            if (index.sortKey() != null) {
                attributes.putIfAbsent(index.sortKey().name(), index.sortKey());
            }
            String projection = index.included().isEmpty()
                    ? "{\"ProjectionType\":\"KEYS_ONLY\"}"
                    : "{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\""
                            + String.join("\",\"", index.included()) + "\"]}";
            indexes.add("{\"IndexName\":\"" + index.name() + "\",\"KeySchema\":"
                    + keySchemaJson(index.partitionKey(), index.sortKey()) + ",\"Projection\":" + projection + "}");
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(table.name()).append(": ").append(table.purpose()).append('\n');
        out.append("table \"${PREFIX}").append(table.name()).append("\" \\\n");
        out.append("  --attribute-definitions");
        attributes.values().forEach(a -> out.append(" AttributeName=").append(a.name())
                .append(",AttributeType=").append(a.type() == TableSpec.Type.NUMBER ? "N" : "S"));
        out.append(" \\\n  --key-schema AttributeName=").append(table.partitionKey().name()).append(",KeyType=HASH");
        table.sortKeyIfAny().ifPresent(sort -> out.append(" AttributeName=").append(sort.name())
                .append(",KeyType=RANGE"));
        if (!indexes.isEmpty()) {
            out.append(" \\\n  --global-secondary-indexes '[").append(String.join(",", indexes)).append("]'");
        }
        out.append('\n');
        out.append("ttl \"${PREFIX}").append(table.name()).append("\" ").append(table.ttlAttribute()).append('\n');
        return out.toString();
    }

    private static String keySchemaJson(TableSpec.Attribute partition, TableSpec.Attribute sort) {
        String keys = "[{\"AttributeName\":\"" + partition.name() + "\",\"KeyType\":\"HASH\"}";
        if (sort != null) {
            keys += ",{\"AttributeName\":\"" + sort.name() + "\",\"KeyType\":\"RANGE\"}";
        }
        return keys + "]";
    }
}
