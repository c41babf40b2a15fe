#!/usr/bin/env python3
"""One package root per module: moves shared-model's classes to io.ridewire.model.* and functions' to
io.ridewire.functions.*, and rewrites every reference in the tree. Idempotent: run it again after merging a branch
that still has files or references under the old packages."""
import os
import re
import subprocess
import sys

ROOTS = {"shared-model": "model", "functions": "functions"}
# deployment lists, moved out of shared-model into a module of their own: old fully qualified name -> new path
DEPLOYMENT = {
    "io.ridewire.model.tables.TableCatalogue": "deployment/src/main/java/io/ridewire/deployment/TableCatalogue.java",
    "io.ridewire.model.tables.TableSpec": "deployment/src/main/java/io/ridewire/deployment/TableSpec.java",
    "io.ridewire.model.routes.Route": "deployment/src/main/java/io/ridewire/deployment/Route.java",
    "io.ridewire.model.routes.RouteCatalogue": "deployment/src/main/java/io/ridewire/deployment/RouteCatalogue.java",
    "io.ridewire.model.routes.Needs": "deployment/src/main/java/io/ridewire/deployment/Needs.java",
    "io.ridewire.model.routes.TableAction": "deployment/src/main/java/io/ridewire/deployment/TableAction.java",
    "io.ridewire.model.events.StreamCatalogue": "deployment/src/main/java/io/ridewire/deployment/StreamCatalogue.java",
    "io.ridewire.model.events.StreamSpec": "deployment/src/main/java/io/ridewire/deployment/StreamSpec.java",
    "io.ridewire.model.metrics.BridgeAlarmMetrics": "deployment/src/main/java/io/ridewire/deployment/BridgeAlarmMetrics.java",
    "io.ridewire.model.protocol.AsyncApiDocumentTest":
        "deployment/src/test/java/io/ridewire/deployment/AsyncApiDocumentTest.java",
}
# classes moved to another package or module afterwards: old fully qualified name -> new path
LATER = {
    "io.ridewire.functions.deadlines.DeadlinePoller": "bridge/src/main/java/io/ridewire/bridge/timers/DeadlinePoller.java",
    "io.ridewire.functions.connections.WelcomeRelay": "bridge/src/main/java/io/ridewire/bridge/welcome/WelcomeRelay.java",
    "io.ridewire.functions.connections.DisconnectListener":
        "functions/src/main/java/io/ridewire/functions/presence/DisconnectListener.java",
    "io.ridewire.functions.auth.RefreshHandler": "functions/src/main/java/io/ridewire/functions/connections/RefreshHandler.java",
}
TEXT = (".java", ".xml", ".yml", ".yaml", ".properties", ".sh", ".md", ".json", ".ts", ".mjs", ".txt", ".conf", "")
SKIP_DIRS = {".git", "target", "node_modules", "cdk.out", ".ridewire"}


def java_files(module):
    for kind in ("main", "test"):
        base = os.path.join(module, "src", kind, "java", "io", "ridewire")
        for dirpath, _, files in os.walk(base):
            for f in files:
                if f.endswith(".java"):
                    yield kind, base, os.path.join(dirpath, f)


def plan():
    """(old path, new path, old package, new package) for every file still under an old package."""
    moves = []
    for module, root in ROOTS.items():
        for kind, base, path in java_files(module):
            rel = os.path.relpath(path, base)
            if rel.split(os.sep)[0] == root:
                continue
            old_pkg = "io.ridewire." + ".".join(rel.split(os.sep)[:-1])
            new_pkg = "io.ridewire." + root + old_pkg[len("io.ridewire"):]
            moves.append((path, os.path.join(base, root, rel), old_pkg, new_pkg))
    return moves


def mapping():
    """old fully qualified name -> new, for every class now under a new root (moved now or earlier)."""
    names = {}
    for module, root in ROOTS.items():
        for kind, base, path in java_files(module):
            rel = os.path.relpath(path, base)
            parts = rel[:-5].split(os.sep)
            if parts[0] != root:
                continue
            new = "io.ridewire." + ".".join(parts)
            old = "io.ridewire." + ".".join(parts[1:])
            names[old] = new
    return names


def text_files():
    for dirpath, dirs, files in os.walk("."):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for f in files:
            if os.path.splitext(f)[1] in TEXT or dirpath.endswith(os.path.join("META-INF", "services")):
                yield os.path.join(dirpath, f)


def move_classes():
    """Moves the deployment lists and the classes moved later (from wherever they still are) and rewrites references."""
    names = {}
    for old, new_path in list(DEPLOYMENT.items()) + list(LATER.items()):
        new = new_path.split("/java/")[1][:-5].replace("/", ".")
        names[old] = new
        names[old.replace("io.ridewire.model.", "io.ridewire.").replace("io.ridewire.functions.", "io.ridewire.")] = new
        kind = "test" if "/src/test/" in new_path else "main"
        module = "shared-model" if old.startswith("io.ridewire.model.") else "functions"
        for candidate in (f"{module}/src/{kind}/java/" + old.replace(".", "/") + ".java",
                          f"{module}/src/{kind}/java/" + old.replace("io.ridewire.model.", "io.ridewire.")
                          .replace(".", "/") + ".java"):
            if os.path.exists(candidate):
                os.makedirs(os.path.dirname(new_path), exist_ok=True)
                subprocess.run(["git", "mv", candidate, new_path], check=True)
    cls = re.compile(r"\bio\.ridewire\.((?:[a-z_][a-z0-9_]*\.)*[A-Z][A-Za-z0-9_]*)")
    for path in text_files():
        try:
            with open(path, encoding="utf-8") as fh:
                src = fh.read()
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        out = cls.sub(lambda m: names.get("io.ridewire." + m.group(1), m.group(0)), out_src := src)
        moved_here = [n for o, n in names.items() if path.replace(os.sep, "/").endswith(n.replace(".", "/") + ".java")]
        if moved_here:
            out = re.sub(r"^package\s+[\w.]+;", "package " + moved_here[0].rsplit(".", 1)[0] + ";", out, count=1,
                         flags=re.M)
        if out != out_src:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(out)


def main():
    moves = plan()
    for old, new, _, _ in moves:
        os.makedirs(os.path.dirname(new), exist_ok=True)
        tracked = subprocess.run(["git", "ls-files", "--error-unmatch", old], capture_output=True).returncode == 0
        if tracked:
            subprocess.run(["git", "mv", old, new], check=True)
        else:
            os.rename(old, new)
    for old, _, _, _ in moves:
        d = os.path.dirname(old)
        while d and os.path.isdir(d) and not os.listdir(d):
            os.rmdir(d)
            d = os.path.dirname(d)
    move_classes()
    names = mapping()
    # packages that exist in one module only can be rewritten as packages (logger names, docs)
    packages = {}
    for old, new in names.items():
        packages.setdefault(old.rsplit(".", 1)[0], set()).add(new.rsplit(".", 1)[0])
    pkg_only = {o: n.pop() for o, n in packages.items() if len(n) == 1}
    by_pkg = {}
    for module, root in ROOTS.items():
        for kind, base, path in java_files(module):
            pkg = "io.ridewire." + ".".join(os.path.relpath(path, base).split(os.sep)[:-1])
            by_pkg.setdefault(pkg, []).append(path)
    cls = re.compile(r"\bio\.ridewire\.((?:[a-z_][a-z0-9_]*\.)*[A-Z][A-Za-z0-9_]*)")
    pkg_re = re.compile(r"\bio\.ridewire\.((?:[a-z_][a-z0-9_]*)(?:\.[a-z_][a-z0-9_]*)*)\b(?!\.[A-Z])")
    pathy = re.compile(r"\bio/ridewire/((?:[a-z_][a-z0-9_]*/)*[a-z_][a-z0-9_]*)/")
    changed = 0
    for path in text_files():
        try:
            with open(path, encoding="utf-8") as fh:
                src = fh.read()
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        out = cls.sub(lambda m: names.get("io.ridewire." + m.group(1), m.group(0)), src)
        out = pkg_re.sub(lambda m: pkg_only.get("io.ridewire." + m.group(1), m.group(0)), out)
        out = pathy.sub(lambda m: pkg_only.get("io.ridewire." + m.group(1).replace("/", "."), "io.ridewire."
                                               + m.group(1).replace("/", ".")).replace(".", "/") + "/", out)
        if path.endswith(".java"):
            here = re.search(r"^package\s+([\w.]+);", out, re.M)
            if here:
                rel = path.replace(os.sep, "/")
                for module, root in ROOTS.items():
                    marker = module + "/src/"
                    if marker in rel and "/java/io/ridewire/" in rel:
                        pkg = "io.ridewire." + ".".join(rel.split("/java/io/ridewire/")[1].split("/")[:-1])
                        out = out[:here.start(1)] + pkg + out[here.end(1):]
        if out != src:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(out)
            changed += 1
    changed += import_split_neighbours()
    print(f"repackage: moved {len(moves)} files, rewrote {changed} files", file=sys.stderr)


def import_split_neighbours():
    """A class that used a same-named package of the other module without an import now needs one."""
    simple = {}  # (old package, module) -> {simple name: new fqcn}
    for module, root in ROOTS.items():
        for kind, base, path in java_files(module):
            parts = os.path.relpath(path, base)[:-5].split(os.sep)
            if parts[0] == root:
                simple.setdefault((".".join(parts[1:-1]), module), {})[parts[-1]] = "io.ridewire." + ".".join(parts)
    changed = 0
    for module, root in ROOTS.items():
        for kind, base, path in java_files(module):
            parts = os.path.relpath(path, base)[:-5].split(os.sep)
            old_pkg = ".".join(parts[1:-1])
            own = simple.get((old_pkg, module), {})
            others = {}
            for other in ROOTS:
                if other != module:
                    others.update(simple.get((old_pkg, other), {}))
            if not others:
                continue
            with open(path, encoding="utf-8") as fh:
                src = fh.read()
            body = re.sub(r"^(package|import) .*$", "", src, flags=re.M)
            body = re.sub(r"//[^\n]*|/\*.*?\*/", "", body, flags=re.M | re.S)
            needed = sorted(fqcn for name, fqcn in others.items()
                            if name not in own and re.search(r"\b" + name + r"\b", body)
                            and not re.search(r"^import\s+" + re.escape(fqcn) + ";", src, re.M))
            if needed:
                m = re.search(r"^package\s+[\w.]+;\n", src, re.M)
                src = src[:m.end()] + "\n" + "".join(f"import {n};\n" for n in needed) + src[m.end():]
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(src)
                changed += 1
    return changed


if __name__ == "__main__":
    main()
