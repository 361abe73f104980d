"""The import direction ui → services → models holds: walk the package with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "safehaven"
QT_ALLOWED = ("ui/", "app.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules() -> list[tuple[str, set[str]]]:
    return [
        (p.relative_to(PACKAGE).as_posix(), _imports(p))
        for p in PACKAGE.rglob("*.py")
        if "migrations/versions" not in p.as_posix()
    ]


def test_qt_only_in_ui_and_app() -> None:
    offenders = [
        rel
        for rel, names in _modules()
        if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names)
        and not rel.startswith(QT_ALLOWED)
    ]
    assert offenders == []


def test_core_never_imports_ui() -> None:
    offenders = [
        rel
        for rel, names in _modules()
        if rel.startswith(("models/", "services/", "storage/"))
        and any(n.startswith(("safehaven.ui", "safehaven.app", "safehaven.cli")) for n in names)
    ]
    assert offenders == []


def test_models_import_only_stdlib_and_sqlalchemy() -> None:
    allowed_roots = {"sqlalchemy", "safehaven", "__future__"}
    offenders = []
    for rel, names in _modules():
        if not rel.startswith("models/"):
            continue
        for name in names:
            root = name.split(".")[0]
            if root in allowed_roots:
                if root == "safehaven" and not name.startswith("safehaven.models"):
                    offenders.append((rel, name))
                continue
            if root not in __import__("sys").stdlib_module_names:
                offenders.append((rel, name))
    assert offenders == []


def test_ui_builds_no_queries() -> None:
    offenders = [
        rel
        for rel, names in _modules()
        if rel.startswith("ui/") and any(n.startswith("sqlalchemy") for n in names)
    ]
    assert offenders == []
