"""No import cycles inside search/: a module that needs another only through a function-level import is
still tied to it, and a cycle means neither can be understood, tested or moved alone.

The graph is built from the source with `ast` (every `import`, at module level or inside a function,
including those under TYPE_CHECKING): `from package import name` points at the submodule when `name`
is one, else at the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

SEARCH = Path(__file__).resolve().parents[1] / "search"


def module_name(path: Path, root: Path = SEARCH) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = SEARCH) -> dict[str, set[str]]:
    """Module → the modules of search/ it imports."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[:len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.append(submodule if submodule in files else base)
            graph[name].update(t for t in targets if t in files and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_function_level_imports(tmp_path: Path) -> None:
    package = tmp_path / "search"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from search.b import g\n")
    (package / "b.py").write_text("from search import a\n")
    assert cycles(import_graph(package)) == [["search.a", "search.b"]]


def test_no_import_cycles_inside_search() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_enrichment_does_not_depend_on_an_engine() -> None:
    """Enrichment gets what it needs of the archive (learned names) through its own port."""
    graph = import_graph()
    engines = {m for m in graph if m.startswith("search.backends.")} - {"search.backends.base"}
    for module in (m for m in graph if m.startswith("search.enrich")):
        assert not graph[module] & engines, f"{module} imports {sorted(graph[module] & engines)}"
