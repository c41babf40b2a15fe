#!/usr/bin/env bash
# The CDK app command (cdk.json): builds the functions jar, the bridge jars (bridge/Dockerfile copies them) and
# this module from the repository root, then runs the app in infra/ so that relative paths in the context
# (functionsJar, repositoryRoot) resolve from there.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
      export JAVA_HOME="$candidate"; break
    fi
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "cdk-app: a JDK 21 or newer is required (set JAVA_HOME)" >&2; exit 1; }
mvn -B -q -pl functions,bridge,infra -am package -DskipTests >&2
cd infra
exec "$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/classpath.txt)" io.ridewire.infra.RidewireApp
