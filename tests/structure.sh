#!/usr/bin/env bash
# The shape of src/: import circles between modules and files over the
# size limit, from the source text alone (no build).
#
#   bash tests/structure.sh [LIMIT]
#
# A module is one file. `use crate::…` and `use super::…` lines (and
# `crate::a::b` paths in code) are edges to the file that defines the
# longest matching module path; a module's own submodules do not count as
# what it depends on (declaring and re-exporting them is its job). Code
# after `#[cfg(test)]` and files named tests*.rs / */tests/* are left out.
# Prints every circle and every file with more than LIMIT (default 400)
# non-test lines; exits 1 when there is either (CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "${1:-400}" <<'PY'
import os, re, sys

limit = int(sys.argv[1])
files = {}
for root, _, names in os.walk("src"):
    for n in names:
        if n.endswith(".rs"):
            files[os.path.join(root, n)] = None


def module_of(path):
    """src/verify/request/mod.rs -> ('verify', 'request')"""
    p = path[len("src/"):-len(".rs")].split("/")
    if p[-1] == "mod":
        p = p[:-1]
    if p in (["lib"], ["main"]):
        return ()
    return tuple(p)


def is_test_file(path):
    base = os.path.basename(path)
    return base.startswith("tests") or "/tests/" in path


# src/main.rs and src/lib.rs are both the root: `crate::cli::…` in the
# binary names cli/, the library never does.
modules = {module_of(f): f for f in files}


# Old paths kept in src/lib.rs (`pub use keys::{dpop, jwks};`, `pub mod jwk
# { pub use crate::keys::{…}; }`) stand for the module they name.
aliases = {}
with open("src/lib.rs", encoding="utf-8") as fh:
    lib = fh.read()
for m in re.finditer(r"^pub use (\w+)::\{([^}]*)\};", lib, re.M):
    for name in m.group(2).split(","):
        name = name.strip()
        if (m.group(1), name) in modules:
            aliases[name] = (m.group(1), name)
for m in re.finditer(r"^pub mod (\w+) \{\s*pub use crate::(\w+)", lib, re.M):
    aliases[m.group(1)] = (m.group(2),)


def resolve(path):
    """the longest module prefix of an absolute module path"""
    if path and path[0] in aliases and path[:1] not in modules:
        path = aliases[path[0]] + tuple(path[1:])
    for n in range(len(path), 0, -1):
        if path[:n] in modules:
            return path[:n]
    return None


def body(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    skip = False
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("#[cfg(test)]"):
            # a whole test module (to the end of the file, by convention) or
            # one item: skip the item only when it is a `mod … ;` line
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if nxt.startswith("mod ") and nxt.endswith("{"):
                break
            skip = True
            continue
        if skip:
            skip = False
            continue
        out.append(line)
    return out


def code_lines(lines):
    n = 0
    for line in lines:
        s = line.strip()
        if s and not s.startswith("//"):
            n += 1
    return n


def expand(prefix, tree):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]"""
    tree = tree.strip()
    if not tree.startswith("{"):
        return [prefix + [p for p in tree.split("::") if p]]
    inner, depth, cur, parts = tree[1:-1], 0, "", []
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if "{" in p:
            head, rest = p.split("{", 1)
            out += expand(prefix + [x for x in head.split("::") if x], "{" + rest)
        else:
            out.append(prefix + [x for x in p.split(" as ")[0].split("::") if x])
    return out


use_re = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", re.S | re.M)
path_re = re.compile(r"\bcrate::((?:[a-z_][a-z0-9_]*::)*[a-z_][a-z0-9_]*)")

edges = {}
sizes = []
for f in sorted(files):
    if is_test_file(f):
        continue
    here = module_of(f)
    lines = body(f)
    sizes.append((code_lines(lines), f))
    text = "\n".join(lines)
    targets = set()
    uses = []
    for m in use_re.finditer(text):
        tree = re.sub(r"\s+", " ", m.group(1))
        uses += expand([], tree)
    for m in path_re.finditer(re.sub(r"//.*", "", text)):
        uses.append(["crate"] + m.group(1).split("::"))
    for u in uses:
        if not u:
            continue
        if u[0] == "crate":
            absolute = u[1:]
        elif u[0] == "super":
            base = list(here[:-1])
            u = u[1:]
            while u and u[0] == "super":
                base, u = base[:-1], u[1:]
            absolute = base + u
        elif u[0] == "self":
            absolute = list(here) + u[1:]
        else:
            continue
        t = resolve(tuple(absolute))
        if t is None or t == here or t[: len(here)] == here:
            continue
        targets.add(t)
    edges[here] = targets

# circles: strongly connected components with more than one module
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)


def strong(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            strong(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            comps.append(comp)


for v in sorted(edges):
    if v not in index:
        strong(v)

name = lambda m: "::".join(m) or "crate"
if comps:
    for c in comps:
        print("circle: " + " <-> ".join(sorted(name(m) for m in c)))
else:
    print("no import circles between modules")
big = sorted(((n, f) for n, f in sizes if n > limit), reverse=True)
print(f"files over {limit} non-test lines: {len(big)}")
for n, f in big:
    print(f"  {n:5d} {f}")
sys.exit(1 if comps or big else 0)
PY
