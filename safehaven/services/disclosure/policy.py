"""Export policies: versioned allow-lists in `resources/exports/<name>.json`.

A policy names tables over the closed code lists of `dimensions.py` only; it cannot name a raw
database field, so free text can never be exported. Anything the loader does not recognise is
refused (fail closed). The SHA-256 of the policy file's bytes goes into the manifest and ledger.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from safehaven.paths import resource
from safehaven.services.disclosure.dimensions import DIMENSIONS, POPULATIONS
from safehaven.services.disclosure.errors import PolicyInvalid

THRESHOLD_FLOOR = 11
DEFAULT_POLICY = "funder-default"
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
_TABLE_ID_RE = re.compile(r"^T\d{2}$")
_TOP_KEYS = {
    "id",
    "version",
    "title",
    "recipient_class",
    "threshold",
    "sensitive_dimensions",
    "min_l",
    "unit",
    "fields_dropped",
    "tables",
}
_TABLE_KEYS = {"id", "title", "population", "rows", "columns", "panel", "optional"}


@dataclass(frozen=True)
class Axis:
    """One table axis: a dimension and its allowed levels, finest first."""

    dimension: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    population: str
    rows: Axis | None
    columns: Axis | None
    panel: tuple[str, ...]  # several dimensions shown as rows sharing one code list
    panel_levels: tuple[str, ...]
    optional: bool


@dataclass(frozen=True)
class Policy:
    id: str
    version: int
    title: str
    recipient_class: str
    threshold: int
    sensitive: tuple[str, ...]
    min_l: int
    unit: str
    fields_dropped: tuple[dict[str, Any], ...]
    tables: tuple[TableSpec, ...]
    sha256: str


def load_policy(name: str = DEFAULT_POLICY) -> Policy:
    """Read and validate `resources/exports/<name>.json`; PolicyInvalid on any problem."""
    if not _NAME_RE.match(name):
        raise PolicyInvalid(name, "bad_name")
    path = resource(f"exports/{name}.json")
    try:
        raw = path.read_bytes()
    except OSError:
        raise PolicyInvalid(name, "not_found") from None
    return parse_policy(name, raw)


def parse_policy(name: str, raw: bytes) -> Policy:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PolicyInvalid(name, "not_json") from None
    if not isinstance(data, dict) or set(data) - _TOP_KEYS:
        raise PolicyInvalid(name, "unknown_key")
    threshold = data.get("threshold", THRESHOLD_FLOOR)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 11:
        raise PolicyInvalid(name, "threshold_below_floor")
    if data.get("id") != name:
        raise PolicyInvalid(name, "id_mismatch")
    sensitive = data.get("sensitive_dimensions", [])
    if not isinstance(sensitive, list) or any(s not in DIMENSIONS for s in sensitive):
        raise PolicyInvalid(name, "unknown_sensitive_dimension")
    tables = data.get("tables")
    if not isinstance(tables, list) or not tables:
        raise PolicyInvalid(name, "no_tables")
    specs = tuple(_table(name, t) for t in tables)
    if len({t.id for t in specs}) != len(specs):
        raise PolicyInvalid(name, "duplicate_table")
    version, min_l = data.get("version"), data.get("min_l", 2)
    if not isinstance(version, int) or not isinstance(min_l, int) or min_l < 1:
        raise PolicyInvalid(name, "bad_version")
    return Policy(
        id=name,
        version=version,
        title=str(data.get("title", name)),
        recipient_class=str(data.get("recipient_class", "funder")),
        threshold=threshold,
        sensitive=tuple(sensitive),
        min_l=min_l,
        unit=str(data.get("unit", "")),
        fields_dropped=tuple(d for d in data.get("fields_dropped", []) if isinstance(d, dict)),
        tables=specs,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _table(name: str, t: Any) -> TableSpec:
    if not isinstance(t, dict) or set(t) - _TABLE_KEYS:
        raise PolicyInvalid(name, "unknown_table_key")
    table_id, population = t.get("id"), t.get("population")
    if not isinstance(table_id, str) or not _TABLE_ID_RE.match(table_id):
        raise PolicyInvalid(name, "bad_table_id")
    if population not in POPULATIONS:
        raise PolicyInvalid(name, "unknown_population")
    allowed = {*POPULATIONS[population].dims}
    if population == "clients":
        allowed.add("status")
    rows = _axis(name, t.get("rows"), allowed)
    columns = _axis(name, t.get("columns"), allowed)
    panel_dims: tuple[str, ...] = ()
    panel_levels: tuple[str, ...] = ()
    if "panel" in t:
        panel = t["panel"]
        if rows or columns or not isinstance(panel, dict):
            raise PolicyInvalid(name, "bad_panel")
        panel_dims = tuple(panel.get("dimensions", ()))
        first = _axis(
            name,
            {
                "dimension": panel_dims[0] if panel_dims else "",
                "levels": panel.get("levels", ["detail"]),
            },
            allowed,
        )
        assert first is not None  # noqa: S101 - narrows a type; never guards a permission
        panel_levels = first.levels
        for dim in panel_dims:
            _axis(name, {"dimension": dim, "levels": list(panel_levels)}, allowed)
    elif rows is None:
        raise PolicyInvalid(name, "table_without_rows")
    if rows and columns and rows.dimension == columns.dimension:
        raise PolicyInvalid(name, "same_dimension_twice")
    return TableSpec(
        id=table_id,
        title=str(t.get("title", table_id)),
        population=population,
        rows=rows,
        columns=columns,
        panel=panel_dims,
        panel_levels=panel_levels,
        optional=bool(t.get("optional", False)),
    )


def _axis(name: str, spec: Any, allowed: set[str]) -> Axis | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) - {"dimension", "levels"}:
        raise PolicyInvalid(name, "bad_axis")
    dim = spec.get("dimension")
    if dim not in allowed:
        raise PolicyInvalid(name, "dimension_not_allowed")
    levels = tuple(spec.get("levels", ["detail"]))
    known = DIMENSIONS[dim].level_names()
    if not levels or any(level not in known for level in levels):
        raise PolicyInvalid(name, "unknown_level")
    return Axis(dim, levels)
