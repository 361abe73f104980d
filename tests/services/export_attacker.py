"""An independent attacker for exports (T4/T5): it reads only published CSV files and the policy,
builds the FULL joint table of every base-code combination × status pattern (not the engine's
reduced blocks), and bounds each suppressed number with scipy's MILP. Nothing here calls the
engine's suppression or audit code; only the code lists (data) are shared.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from safehaven.models.period import Period
from safehaven.paths import resource
from safehaven.services.disclosure.dimensions import DIMENSIONS, POPULATIONS

BIG = 100_000


@dataclass(frozen=True)
class Published:
    export: int
    table: str
    row: str
    column: str
    value: int | None


def read_csv(text: str, export: int) -> list[Published]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["table_id", "table_title", "row", "column", "value", "flag"]
    return [Published(export, r[0], r[2], r[3], int(r[4]) if r[4] else None) for r in rows[1:]]


def _client_status(start: dt.date, end: dt.date | None, p: Period) -> str:
    if p.start <= start <= p.end:
        return "new"
    if start < p.start and (end is None or end >= p.start):
        return "continuing"
    return "-"


def patterns(population: str, periods: list[Period]) -> list[tuple[str, ...]]:
    days = sorted({p.start for p in periods} | {p.end for p in periods})
    probes = [days[0] - dt.timedelta(days=1), *days, *(d + dt.timedelta(days=1) for d in days)]
    out = set()
    for start in probes:
        if population != "clients":
            out.add(tuple("x" if p.start <= start <= p.end else "-" for p in periods))
            continue
        for end in [*probes, None]:
            if end is None or end >= start:
                out.add(tuple(_client_status(start, end, p) for p in periods))
    out.discard(tuple("-" for _ in periods))
    return sorted(out)


class Attacker:
    def __init__(self, exports: list[tuple[Period, str]], policy: str = "funder-default") -> None:
        spec = json.loads(resource(f"exports/{policy}.json").read_text("utf-8"))
        self.tables = {t["id"]: t for t in spec["tables"]}
        self.periods = [p for p, _ in exports]
        self.cells = [c for j, (_, text) in enumerate(exports) for c in read_csv(text, j)]
        self.levels = self._levels()
        self.vars: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
        for pop in POPULATIONS.values():
            combos = itertools.product(*(DIMENSIONS[d].base for d in pop.dims))
            pats = patterns(pop.name, self.periods)
            for combo, pat in itertools.product(list(combos), pats):
                self.vars.append((pop.name, pat, combo))
        zero = set()
        for c in self.cells:
            if c.value == 0:
                zero |= set(self._members(c))
        self.live = [i for i in range(len(self.vars)) if i not in zero]
        self.col = {v: i for i, v in enumerate(self.live)}
        rows, rhs = [], []
        for c in self.cells:
            if c.value:
                rows.append([self.col[i] for i in self._members(c) if i in self.col])
                rhs.append(c.value)
        self.a = np.zeros((max(len(rows), 1), max(len(self.live), 1)))
        for r, cols in enumerate(rows):
            self.a[r, cols] = 1
        self.b = np.array(rhs or [0.0], dtype=float)

    def _levels(self) -> dict[tuple[str, str], dict[str, frozenset[str]]]:
        """Per (table, dimension): the code → members map of the level the CSV uses."""
        out = {}
        for tid, t in self.tables.items():
            codes = {c.row for c in self.cells if c.table == tid} | {
                c.column for c in self.cells if c.table == tid
            }
            dims = [t[a]["dimension"] for a in ("rows", "columns") if a in t]
            dims += t.get("panel", {}).get("dimensions", [])
            for dim in dims:
                d = DIMENSIONS[dim]
                for level in d.level_names():
                    mapping = dict(d.level(level))
                    if set(mapping) <= codes:
                        out[(tid, dim)] = mapping
                        break
        return out

    def _members(self, c: Published) -> list[int]:
        t = self.tables[c.table]
        pop = t["population"]
        dims = POPULATIONS[pop].dims
        sel: dict[str, frozenset[str]] = {}
        status: str | None = None
        if "panel" in t:
            if c.column != "Total":
                sel[c.row] = self.levels[(c.table, c.row)][c.column]
        else:
            for axis, code in (("rows", c.row), ("columns", c.column)):
                if axis not in t or code in ("Total", "count"):
                    continue
                dim = t[axis]["dimension"]
                if dim == "status":
                    status = code
                else:
                    sel[dim] = self.levels[(c.table, dim)][code]
        out = []
        for i, (p, pat, combo) in enumerate(self.vars):
            if p != pop or pat[c.export] == "-":
                continue
            if status and pat[c.export] != status:
                continue
            if all(combo[dims.index(d)] in m for d, m in sel.items()):
                out.append(i)
        return out

    def bounds(self, c: Published) -> tuple[int, int]:
        cols = [self.col[i] for i in self._members(c) if i in self.col]
        if not cols:
            return 0, 0
        found = []
        for sign in (1.0, -1.0):
            obj = np.zeros(self.a.shape[1])
            obj[cols] = sign
            res = milp(
                obj,
                integrality=np.ones(len(obj)),
                bounds=Bounds(0, BIG),
                constraints=LinearConstraint(self.a, self.b, self.b),
            )
            assert res.status == 0, res.message
            found.append(round(sign * res.fun))
        return found[0], found[1]

    def homogeneous_candidates(self, table: str, row: str) -> list[str]:
        """Columns of a table row that could hold every unit of the row on their own: what an
        attacker who knows the row is homogeneous (the l-diversity rule is public) keeps."""
        cells = [c for c in self.cells if c.table == table and c.row == row and c.column != "Total"]
        cols = {c.column: [self.col[i] for i in self._members(c) if i in self.col] for c in cells}
        found = []
        for own in cells:
            if not cols[own.column]:
                continue
            extra = np.zeros((2, self.a.shape[1]))
            extra[0, cols[own.column]] = 1
            for other in cells:
                if other is not own:
                    extra[1, cols[other.column]] = 1
            res = milp(
                np.zeros(self.a.shape[1]),
                integrality=np.ones(self.a.shape[1]),
                bounds=Bounds(0, BIG),
                constraints=[
                    LinearConstraint(self.a, self.b, self.b),
                    LinearConstraint(extra, [1, 0], [BIG, 0]),
                ],
            )
            if res.status == 0:
                found.append(own.column)
        return found

    def suppressed(self) -> list[Published]:
        return [c for c in self.cells if c.value is None]
