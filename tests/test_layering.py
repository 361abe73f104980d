"""The import direction ui → services → models/storage holds: walk the package with `ast`.

docs/architecture.md describes the layers and packages these tests keep in shape.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "safehaven"
QT_ALLOWED = ("ui/", "app.py")


# The cross-cutting modules of services/; everything else there lives in a domain package.
SERVICES_ROOT = {"access", "actor", "audit", "errors", "settings", "tasks"}
# What the UI (and app.py) may take from storage: module -> names ("*": the module itself).
UI_STORAGE_ALLOWED = {
    "safehaven.storage.files": {"write_atomic"},
    "safehaven.storage.vault": {"OpenVault", "VaultPaths"},
    "safehaven.storage.keyslots": {"KdfParams"},
    "safehaven.storage.errors": {"WrongCredentials"},
    "safehaven.storage.backup": {"SUFFIX"},
    "safehaven.storage.attempts": {"*"},
    # Cancelling a running search: the UI hands the query to this wrapper and may interrupt it.
    "safehaven.storage.interrupt": {"interruptible", "Interrupted", "session_connection"},
}
# The one place the command line starts the windows (imported lazily, inside the command).
CLI_GUI_LAUNCH = ("cli/gui.py", "safehaven.app")


def _imports(path: Path) -> set[str]:
    return {module for module, _name in _imported_names(path)}


def _imported_names(path: Path) -> set[tuple[str, str]]:
    """(module, name) for every import; `import a.b` and `from a import b` both name a.b."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((a.name, "*") for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                found.add((node.module, alias.name))
                if (
                    (PACKAGE.parent / (node.module + "." + alias.name).replace(".", "/"))
                    .with_suffix(".py")
                    .exists()
                ):
                    found.add((f"{node.module}.{alias.name}", "*"))
    return found


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
        if rel.startswith(("models/", "services/", "storage/", "demo/"))
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


def test_storage_never_imports_services_or_demo() -> None:
    offenders = [
        (rel, n)
        for rel, names in _modules()
        if rel.startswith("storage/")
        for n in names
        if n.startswith(("safehaven.services", "safehaven.demo"))
    ]
    assert offenders == []


def test_only_the_demo_command_and_tools_use_demo_data() -> None:
    offenders = [
        (rel, n)
        for rel, names in _modules()
        if rel.startswith(("models/", "services/", "storage/", "ui/"))
        for n in names
        if n.startswith("safehaven.demo")
    ]
    assert offenders == []


def test_cli_never_imports_ui_but_for_the_gui_launch() -> None:
    offenders = [
        (rel, n)
        for rel, names in _modules()
        if rel.startswith("cli/")
        for n in names
        if n.startswith(("safehaven.ui", "safehaven.app")) and (rel, n) != CLI_GUI_LAUNCH
    ]
    assert offenders == []
    launch = ast.parse((PACKAGE / CLI_GUI_LAUNCH[0]).read_text("utf-8"))
    top_level = {
        node.module for node in launch.body if isinstance(node, ast.ImportFrom) and node.module
    }
    assert CLI_GUI_LAUNCH[1] not in top_level  # lazy: the other commands never load Qt


def test_services_root_holds_only_cross_cutting_modules() -> None:
    root = {p.stem for p in (PACKAGE / "services").glob("*.py")}
    assert root <= SERVICES_ROOT, sorted(root - SERVICES_ROOT)


def _domain(module: str) -> str | None:
    """The services domain package a dotted name belongs to (None: not in one)."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[:2] == ["safehaven", "services"] and parts[2] not in SERVICES_ROOT:
        return parts[2]
    return None


def _domain_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for rel, names in _modules():
        here = _domain("safehaven." + rel.removesuffix(".py").replace("/", "."))
        if here is None:
            continue
        graph.setdefault(here, set()).update(
            d for d in map(_domain, names) if d is not None and d != here
        )
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import loop between domain packages, or [] (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_services_domain_packages_import_each_other_one_way() -> None:
    graph = _domain_graph()
    assert {"consent", "referrals", "intake", "vault_ops"} <= set(graph)
    assert _cycle(graph) == []


def test_cycle_finder_finds_a_loop() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_services_root_modules_import_no_domain_package() -> None:
    offenders = [
        (rel, n)
        for rel, names in _modules()
        if rel.startswith("services/") and rel.count("/") == 1
        for n in names
        if _domain(n) is not None
    ]
    assert offenders == []


def test_ui_takes_from_storage_only_the_allowed_names() -> None:
    offenders = []
    for path in [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "app.py"]:
        for module, name in _imported_names(path):
            if module == "safehaven.storage" or not module.startswith("safehaven.storage"):
                continue
            allowed = UI_STORAGE_ALLOWED.get(module, set())
            if name not in allowed and "*" not in allowed:
                offenders.append((path.relative_to(PACKAGE).as_posix(), module, name))
    assert offenders == []


def test_ui_catches_every_failure_in_one_place() -> None:
    """Windows call services through ctx.call (ui/context.py); only it, and the task runner that
    hands a background failure back to it, catch Exception or BaseException."""
    allowed = {"ui/context.py", "ui/tasks.py"}
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.ExceptHandler)
                and isinstance(node.type, ast.Name)
                and node.type.id in ("Exception", "BaseException")
                and rel not in allowed
            ):
                offenders.append((rel, node.lineno))
    assert offenders == []


def test_main_window_probes_no_page_with_getattr() -> None:
    tree = ast.parse((PACKAGE / "ui" / "shell" / "main_window.py").read_text("utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("getattr", "hasattr")
    ]
    assert calls == []
