"""Layers run one way: errors ← models ← dataset ← judgments ← selection and wording ← views ← render ← visit ← cli and web.

Read from the source with `ast` (every `import` and `from ... import`, at any depth, TYPE_CHECKING
blocks included): a module may import its own layer or lower ones, render only the view models,
no library module the CLI, and no module may reach itself again through its imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "briefgen"

# Lowest first.  A module is in the first layer that names it or a package holding it.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "errors",
        {
            "briefgen.errors",
            "briefgen.output",
            "briefgen.resources",
            "briefgen.interrupts",
            "briefgen.lifetime",
            "briefgen.process",
            "briefgen.inputs",
            "briefgen",
        },
    ),  # `briefgen` alone: the package's face (its version)
    (
        "models",
        {
            "briefgen.models",
            "briefgen.partialdate",
            "briefgen.localtext",
            "briefgen.i18n",
            "briefgen.messages",
            "briefgen.names",
        },
    ),
    (
        "dataset",
        {
            "briefgen.dataset",
            "briefgen.cache",
            "briefgen.checks",
            "briefgen.yamlfile",
            "briefgen.yamlfast",
            "briefgen.datafolder",
            "briefgen.delegation",
        },
    ),
    ("judgments", {"briefgen.judgments"}),
    # What a visit selects and how a record is worded (the resolver words its candidates through it).
    ("selection", {"briefgen.selection", "briefgen.wording", "briefgen.resolve"}),
    ("views", {"briefgen.viewmodel", "briefgen.briefing", "briefgen.matrix"}),
    ("render", {"briefgen.render", "briefgen.pdf", "briefgen.mail"}),
    ("visit", {"briefgen.visit", "briefgen.refresh", "briefgen.ingest"}),
    ("cli", {"briefgen.cli", "briefgen.__main__", "briefgen.web"}),
]
# What a renderer may import: the view models and what every layer may use, nothing that computes them.
RENDER_MAY_IMPORT = {"errors", "view models", "render"}
VIEW_MODELS = {"briefgen.viewmodel"}

# Upward edges still being removed (none now): this set only shrinks, and an edge that is gone leaves it.
ALLOWED_FOR_NOW: set[tuple[str, str]] = set()
# The process-level policy (the collector, forking, ending a process) is set in one module; the template
# sandbox forks the one child it limits (its whole job), and sets nothing else.
PROCESS_POLICY = "briefgen.process"
FORKS_ALSO = {"briefgen.render.sandbox"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The briefgen modules `name` imports (a `from pkg import mod` counts as importing pkg.mod)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def layer_of(name: str) -> int:
    best = None
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            inside = name == member or (member != "briefgen" and name.startswith(member + "."))
            if inside and (best is None or len(member) > len(best[1])):
                best = (index, member)
    assert best is not None, f"{name} is in no layer: add it to LAYERS"
    return best[0]


def test_every_module_has_a_layer():
    for name in MODULES:
        layer_of(name)


def test_imports_run_down_the_layers():
    upward = [
        f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
        for a, targets in GRAPH.items()
        for b in sorted(targets)
        if layer_of(b) > layer_of(a) and (a, b) not in ALLOWED_FOR_NOW
    ]
    assert upward == []


def test_render_depends_only_on_the_view_models():
    render = next(i for i, (layer, _) in enumerate(LAYERS) if layer == "render")
    wrong = []
    for a, targets in GRAPH.items():
        if not (a == "briefgen.render" or a.startswith("briefgen.render.")):
            continue
        for b in sorted(targets):
            kind = "view models" if b in VIEW_MODELS else LAYERS[layer_of(b)][0]
            if layer_of(b) == render and not b.startswith("briefgen.render"):
                kind = "outside render"
            if kind not in RENDER_MAY_IMPORT and (a, b) not in ALLOWED_FOR_NOW:
                wrong.append(f"{a} imports {b}")
    assert wrong == []


def test_no_library_module_imports_the_cli_or_knows_exit_codes():
    wrong = []
    for a, targets in GRAPH.items():
        if a in ("briefgen", "briefgen.__main__") or a.startswith(("briefgen.cli", "briefgen.web")):
            continue
        wrong += [f"{a} imports {b}" for b in targets if b.startswith(("briefgen.cli", "briefgen.web"))]
        text = MODULES[a].read_text(encoding="utf-8")
        wrong += [f"{a} mentions {word}" for word in ("EXIT_", "exit_code", "sys.exit") if word in text]
    assert wrong == []


def test_no_module_reaches_itself_through_its_imports():
    cycles = []
    for start in GRAPH:
        seen, stack = set(), list(GRAPH[start])
        while stack:
            current = stack.pop()
            if current == start:
                cycles.append(start)
                break
            if current not in seen:
                seen.add(current)
                stack.extend(GRAPH[current])
    assert cycles == []


def test_the_allowed_edges_still_exist():
    """An allowed edge that is gone must leave the list, so the list only shrinks."""
    gone = [f"{a} no longer imports {b}: remove it" for a, b in ALLOWED_FOR_NOW if b not in GRAPH[a]]
    assert gone == []


def test_one_module_sets_the_process_policy():
    wrong = []
    for name, path in MODULES.items():
        if name == PROCESS_POLICY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(alias.name == "gc" for alias in node.names):
                wrong.append(f"{name} imports gc")
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os":
                if node.attr == "_exit" or (node.attr == "fork" and name not in FORKS_ALSO):
                    wrong.append(f"{name} calls os.{node.attr}")
    assert wrong == []


def test_the_web_layer_and_the_cli_are_siblings():
    """The page calls the library, never the command line's code (the CLI may start the page)."""
    wrong = [
        f"{a} imports {b}"
        for a, targets in GRAPH.items()
        if a.startswith("briefgen.web")
        for b in sorted(targets)
        if b.startswith("briefgen.cli")
    ]
    assert wrong == []
    assert any(a.startswith("briefgen.web") for a in GRAPH)
