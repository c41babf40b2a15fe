#!/usr/bin/env python3
"""Moves the end-to-end tests out of localstack into the e2e module: tests become io.ridewire.e2e.<area>.<Name>IT,
their helpers io.ridewire.e2e.fixtures.<Name>; localstack keeps the emulator's conformance tests and the shared test
support (io.ridewire.local.testing, published as its test-jar). Idempotent: run it again after merging a branch that
still adds or changes tests in their old places."""
import os
import re
import subprocess

SRC = "localstack/src/test/java/io/ridewire/local"
DEST = "e2e/src/test/java/io/ridewire/e2e"
# the emulator's own conformance tests, the launcher's, and the test support both modules use
KEEP = {"GatewayLimitsTest.java", "ManagementApiTest.java", "SlowConsumerTest.java", "security/InvalidUtf8Test.java",
        "aws/InitScriptTest.java", "aws/LocalStackContainerTest.java", "faults/PersistRestartTest.java",
        "faults/RideMessages.java",
        "faults/StackProcess.java"}
KEEP_DIRS = {"testing"}
# test support only the end-to-end tests use
TO_FIXTURES = {"testing/OrderStacks.java", "testing/Notifications.java"}
SKIP_DIRS = {".git", "target", "node_modules", "cdk.out", ".ridewire"}


def plan():
    moves = []
    for dirpath, _, files in os.walk(SRC):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), SRC).replace(os.sep, "/")
            if not f.endswith(".java") or rel in KEEP:
                continue
            if rel.split("/")[0] in KEEP_DIRS and rel not in TO_FIXTURES:
                continue
            parts = rel[:-5].split("/")
            name, area = parts[-1], parts[:-1]
            if name.endswith("Test") and rel not in TO_FIXTURES:
                new_rel = "/".join(area + [name[:-4] + "IT"]) + ".java"
            else:
                new_rel = "fixtures/" + name + ".java"
            moves.append((rel, new_rel))
    return moves


def fqcn(root, rel):
    return root + "." + rel[:-5].replace("/", ".")


def text_files():
    for dirpath, dirs, files in os.walk("."):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for f in files:
            if os.path.splitext(f)[1] in (".java", ".md", ".sh", ".xml", "") and not f.startswith("."):
                yield os.path.join(dirpath, f)


def main():
    moves = plan()
    names, simple = {}, {}
    for old, new in moves:
        names[fqcn("io.ridewire.local", old)] = fqcn("io.ridewire.e2e", new)
        old_simple, new_simple = os.path.basename(old)[:-5], os.path.basename(new)[:-5]
        if old_simple != new_simple:
            simple[old_simple] = new_simple
        os.makedirs(os.path.dirname(os.path.join(DEST, new)), exist_ok=True)
        subprocess.run(["git", "mv", os.path.join(SRC, old), os.path.join(DEST, new)], check=True)
    # every class of the e2e module, to add the imports a move from a shared package made necessary
    e2e_classes = {}
    for dirpath, _, files in os.walk(DEST):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), DEST).replace(os.sep, "/")
            e2e_classes[f[:-5]] = fqcn("io.ridewire.e2e", rel)
    # the launcher's classes, which tests of the old root package used without an import
    for name in ("LocalStack", "DevTokens", "FreePorts"):
        e2e_classes[name] = "io.ridewire.local." + name
    # and the shared test support, which the fixtures that came from its package used without one
    for name in ("TestStacks", "WsClient", "Eventually", "RestClient", "ServerProcess", "StalledReader"):
        e2e_classes[name] = "io.ridewire.local.testing." + name
    old_packages = {fqcn("io.ridewire.local", old).rsplit(".", 1)[0] for old, _ in moves}
    cls = re.compile(r"\bio\.ridewire\.local\.((?:[a-z_][a-z0-9_]*\.)*[A-Z][A-Za-z0-9_]*)")
    word = re.compile(r"\b(" + "|".join(map(re.escape, simple)) + r")\b") if simple else None
    for path in text_files():
        try:
            with open(path, encoding="utf-8") as fh:
                src = fh.read()
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        out = cls.sub(lambda m: names.get("io.ridewire.local." + m.group(1), m.group(0)), src)
        if word:
            out = word.sub(lambda m: simple[m.group(1)], out)
        if path.endswith(".java") and "/e2e/src/test/java/" in path.replace(os.sep, "/"):
            rel = path.replace(os.sep, "/").split("/e2e/src/test/java/")[1]
            pkg = ".".join(rel.split("/")[:-1])
            out = re.sub(r"^package\s+[\w.]+;", "package " + pkg + ";", out, count=1, flags=re.M)
            out = add_imports(out, pkg, e2e_classes, old_packages)
            if pkg.endswith(".fixtures"):
                out = publish(out)
        if out != src:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(out)
    print(f"move-e2e: moved {len(moves)} files")


def add_imports(src, pkg, classes, old_packages):
    """Classes that shared a package before the move and now do not need an import."""
    body = re.sub(r"^(package|import) .*$", "", src, flags=re.M)
    body = re.sub(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\])*\"", "", body, flags=re.S)
    needed = []
    for name, full in sorted(classes.items()):
        if full.rsplit(".", 1)[0] == pkg or not re.search(r"\b" + name + r"\b", body):
            continue
        if re.search(r"^import\s+" + re.escape(full) + r";", src, re.M):
            continue
        if re.search(r"^import\s+[\w.]+\." + name + ";", src, re.M):
            continue
        needed.append(full)
    if not needed:
        return src
    m = re.search(r"^package\s+[\w.]+;\n", src, re.M)
    return src[:m.end()] + "\n" + "".join(f"import {n};\n" for n in needed) + src[m.end():]


def publish(src):
    """Fixtures are used from other packages now: their types and members become public."""
    src = re.sub(r"^(final |abstract )?(class|record|interface|enum) ", lambda m: "public " + (m.group(1) or "")
                 + m.group(2) + " ", src, flags=re.M)
    member = re.compile(r"^(    )(?! )(?!public |private |protected |return |throw |if |for |while |switch |try |else |"
                        r"case |default |new |this|super|@|//|/\*|\*|}|[a-z_][\w.]*\s*[=(.+-]|[a-z_]\w*;)"
                        r"((?:static |final |abstract |synchronized )*(?:<[^>]+> )?[\w.<>\[\], ?]+ \w+\s*\(|"
                        r"(?:static |final )*[\w.<>\[\], ?]+ [A-Z_][A-Z0-9_]*\s*=|(?:static |final )+[\w.<>\[\], ?]+ \w+\s*[;=]|"
                        r"(?:static )?(?:final )?(?:class|record|interface|enum) |[A-Z]\w*\()", re.M)
    return member.sub(lambda m: m.group(1) + "public " + m.group(2), src)


if __name__ == "__main__":
    main()
