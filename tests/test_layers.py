"""The package's layers: each module imports only its own layer and those below, with no cycles."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "newscrawl"
# Lowest first. A module may import its own package and the layers below it; the replay
# server stands apart (the crawler and above reach it, it imports nothing of theirs).
LAYERS: dict[str, int] = {
    "core": 0,
    "extract": 1,
    "outlets": 2,
    "state": 3,
    "crawler": 4,
    "health": 5,
    "distributed": 5,
    "archive": 5,
    "export": 5,
    "cli": 6,
    "demo": 6,
    "schedule": 6,
    "__init__": 6,
}
# Third-party packages a layer must not use.
FORBIDDEN = {"core": ("scrapy", "twisted"), "extract": ("scrapy", "twisted"),
             "outlets": ("scrapy", "twisted")}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "snapshots" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, *, runtime_only: bool = False) -> set[str]:
    """The modules ``path`` imports (type-checking imports too, unless ``runtime_only``)."""
    tree = ast.parse(path.read_text("utf-8"))
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped |= {id(child) for child in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def layer_of(module: str) -> str:
    """The layer of a module or of a name imported from the package itself."""
    parts = module.split(".")
    if len(parts) > 1 and (parts[1] in LAYERS or parts[1] == "replay"):
        return parts[1]
    return "__init__"


MODULES = modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_only_its_layer_and_below(module: str) -> None:
    layer = layer_of(module)
    if layer == "replay":
        wrong = [name for name in imports(MODULES[module])
                 if name.startswith("newscrawl.") and layer_of(name) != "replay"]
        assert wrong == [], "the replay server imports nothing of the crawl"
        return
    wrong = []
    for name in imports(MODULES[module]):
        top = name.split(".")[0]
        if top in FORBIDDEN.get(layer, ()):
            wrong.append(name)
        if top != "newscrawl":
            continue
        other = layer_of(name)
        if other == "replay":
            below = LAYERS[layer] >= LAYERS["crawler"]
        else:
            # Two packages of one layer (health and export, say) do not import each other.
            below = LAYERS[other] < LAYERS[layer] or other == layer or LAYERS[layer] == 6
        if not below:
            wrong.append(name)
    assert sorted(wrong) == []


def test_no_import_cycles() -> None:
    graph: defaultdict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        for name in imports(path):
            target = next((m for m in (name, name.rpartition(".")[0]) if m in MODULES), None)
            if target and target != module:
                graph[module].add(target)
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_top_level_modules_are_few() -> None:
    top = [path.name for path in PACKAGE.glob("*.py")]
    assert len(top) <= 8, top
