"""The import rule of ARCHITECTURE.md: data_loaders and the data zone of dashboard never import
streamlit (directly or through another module of the project). Walks the import statements."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA_ZONE = ["dashboard/filters.py", "dashboard/i18n.py", "dashboard/metrics.py", "dashboard/breakdowns.py",
             "dashboard/metric_registry.py", "dashboard/scope.py", "dashboard/lists.py", "dashboard/maps.py",
             "dashboard/settings.py", *sorted(str(p.relative_to(REPO)) for p in (REPO / "data_loaders").rglob("*.py"))]


def _imports(path: Path) -> set[str]:
    """Absolute module names imported by a file (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
                out.add(mod)
                out.update(f"{mod}.{a.name}" for a in node.names)  # `from . import x`
            else:
                out.add(node.module)
    return out


def _file_of(module: str) -> Path | None:
    for candidate in (REPO / (module.replace(".", "/") + ".py"), REPO / module.replace(".", "/") / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _reaches_streamlit(path: Path, seen: set[Path]) -> list[str] | None:
    """The chain of modules from `path` to streamlit, or None."""
    if path in seen:
        return None
    seen.add(path)
    for mod in sorted(_imports(path)):
        if mod == "streamlit" or mod.startswith("streamlit."):
            return [str(path.relative_to(REPO))]
        target = _file_of(mod)
        if target is not None:
            chain = _reaches_streamlit(target, seen)
            if chain:
                return [str(path.relative_to(REPO)), *chain]
    return None


@pytest.mark.parametrize("rel", DATA_ZONE)
def test_data_zone_never_imports_streamlit(rel):
    chain = _reaches_streamlit(REPO / rel, set())
    assert chain is None, " → ".join(chain) + " → streamlit"


def test_data_loaders_never_import_dashboard():
    for p in (REPO / "data_loaders").rglob("*.py"):
        bad = [m for m in _imports(p) if m == "dashboard" or m.startswith("dashboard.")]
        assert not bad, f"{p.relative_to(REPO)} imports {bad}"


def test_the_walker_finds_streamlit_when_it_is_there():
    assert _reaches_streamlit(REPO / "dashboard" / "queries.py", set()) is not None
