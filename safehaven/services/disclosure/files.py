"""tables.csv and manifest.json, built in memory from the protected tables only.

The CSV is one long table with the fixed header `table_id,table_title,row,column,value,flag`:
`table_title` is in the export's language (as the PDF), `value` is an integer or empty, `flag` is
empty, `suppressed` or `zero`. Rows and columns are stable codes from the policy's code lists,
never translated; every field that could start a spreadsheet formula is
neutralised. The manifest records what was dropped, generalized and hidden, the audit result and
each file's SHA-256 — roles, never staff names.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safehaven import __version__
from safehaven.i18n import DEFAULT_LANGUAGE, gettext_for
from safehaven.services.disclosure.cells import TOTAL, CellKey
from safehaven.services.disclosure.dimensions import DIMENSIONS, POPULATIONS
from safehaven.services.disclosure.errors import OutputProblem
from safehaven.services.disclosure.policy import Policy
from safehaven.services.disclosure.protect import Protected
from safehaven.storage.files import write_atomic

CSV_HEADER = ("table_id", "table_title", "row", "column", "value", "flag")
CSV_NAME, PDF_NAME, MANIFEST_NAME = "tables.csv", "summary.pdf", "manifest.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """Prefix a quote so spreadsheets never read the field as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def published_rows(
    protected: Protected, *, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, str, str, str, int | None, str]]:
    """(table_id, title, row, column, value or None, flag) for every published cell; the title
    in `language` (the export's language, as in the PDF), codes never translated."""
    out = []
    for layout in protected.layouts:
        for cell in layout.cells:
            value = protected.published(cell.key)
            flag = "suppressed" if value is None else ("zero" if value == 0 else "")
            title = gettext_for(language, layout.spec.title)
            out.append((cell.table_id, title, cell.row, cell.column, value, flag))
    return out


def build_csv(protected: Protected, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for table_id, title, row, column, value, flag in published_rows(protected, language=language):
        fields = [table_id, title, row, column]
        writer.writerow([*(neutralize(f) for f in fields), "" if value is None else value, flag])
    return buffer.getvalue().encode("utf-8")


def published_ledger(protected: Protected) -> list[dict[str, Any]]:
    """The ledger's record of every published number (one entry per distinct key)."""
    seen: dict[CellKey, int | None] = {}
    for layout in protected.layouts:
        for cell in layout.cells:
            seen[cell.key] = protected.published(cell.key)
    strict = protected.suppression.diversity
    return [
        {"key": key.to_json(), "value": value, "strict": key in strict}
        for key, value in sorted(seen.items())
    ]


@dataclass(frozen=True)
class ManifestInput:
    export_id: str
    created: dt.date
    policy: Policy
    protected: Protected
    attestation_role: str


def build_manifest(info: ManifestInput, files: dict[str, bytes]) -> bytes:
    p, policy = info.protected, info.policy
    audit = p.audit
    manifest = {
        "manifest_version": "1",
        "export_id": info.export_id,
        "created": info.created.isoformat(),
        "app_version": __version__,
        "policy_id": policy.id,
        "policy_version": policy.version,
        "policy_sha256": policy.sha256,
        "recipient": {"class": policy.recipient_class},
        "period": {"id": p.period.id, "granularity": p.period.granularity},
        "unit": policy.unit,
        "fields_dropped": list(policy.fields_dropped),
        "fields_generalized": _generalized(p),
        "tables": _tables(p),
        "tables_withheld": list(p.withheld),
        "disclosure_control": {
            "threshold_k": p.threshold,
            "zeros": "shown",
            "display": "empty value with flag 'suppressed'",
            "rounding": None,
            "l_diversity": {"sensitive": list(policy.sensitive), "min_l": policy.min_l},
            "primary_suppressed": len(p.suppression.primary),
            "l_diversity_suppressed": len(p.suppression.diversity),
            "complementary_suppressed": len(p.suppression.complementary),
        },
        "audit": {
            "method": audit.method if audit else None,
            "result": "pass",
            "prior_exports_included": list(audit.prior_exports) if audit else [],
            "quantities_checked": audit.quantities if audit else 0,
            "variables": audit.variables if audit else 0,
            "min_upper_bound_on_suppressed": audit.min_upper_bound if audit else None,
            "max_lower_bound_on_small_suppressed": audit.max_lower_bound if audit else None,
        },
        "dp": None,
        "files": [
            {"name": name, "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(files.items())
        ],
        "attestation_role": info.attestation_role,
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _generalized(p: Protected) -> list[dict[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for layout in p.layouts:
        for dim, level in layout.levels:
            seen[(dim, level)] = None
    source = {"age": "date_of_birth / estimated_age → age at intake"}
    return [
        {"field": source.get(dim, dim), "dimension": dim, "level": level}
        for dim, level in seen
        if dim in DIMENSIONS
    ]


def _tables(p: Protected) -> list[dict[str, Any]]:
    out = []
    s = p.suppression
    for layout in p.layouts:
        keys = [c.key for c in layout.cells]  # cells, as the CSV shows them
        out.append(
            {
                "id": layout.spec.id,
                "population": POPULATIONS[layout.spec.population].name,
                "dims": [d for d, _ in layout.levels],
                "cells": len(layout.cells),
                "primary_suppressed": sum(k in s.primary for k in keys),
                "l_diversity_suppressed": sum(k in s.diversity for k in keys),
                "complementary_suppressed": sum(k in s.complementary for k in keys),
                "collapsed": [
                    {"dimension": d, "level": lv} for t, d, lv in p.collapsed if t == layout.spec.id
                ],
                "has_total": any(TOTAL in (c.row, c.column) for c in layout.cells),
            }
        )
    return out


def with_audit_head(manifest: bytes, head: dict[str, object]) -> bytes:
    """The manifest with the vault's signed audit-chain head added (`audit_head`)."""
    data = json.loads(manifest.decode("utf-8"))
    data["audit_head"] = head
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check_folder(folder: Path, names: tuple[str, ...]) -> None:
    """The folder exists and holds none of the files yet (an export never overwrites)."""
    if not folder.is_dir():
        raise OutputProblem("not_a_folder")
    if any((folder / name).exists() for name in names):
        raise OutputProblem("not_empty")


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write each file atomically (`storage.files.write_atomic`) into an existing folder."""
    check_folder(folder, tuple(files))
    try:
        for name, data in files.items():
            write_atomic(folder / name, data)
    except OSError:
        raise OutputProblem("os_error") from None
