"""Published numbers: what each one counts (`CellKey`), and the table layouts built from a policy.

A `CellKey` is the machine meaning of a number: a population and, per dimension, the set of base
codes it covers (the pseudo-dimension `status` restricts clients to new or continuing). The same
key in two tables is the same number and is suppressed in both or in neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from safehaven.models.period import Period
from safehaven.services.disclosure.dimensions import DIMENSIONS, POPULATIONS
from safehaven.services.disclosure.policy import TableSpec
from safehaven.services.disclosure.tabulate import ABSENT, Frame, status_in

TOTAL = "Total"
STATUS = "status"
Pattern = tuple[str, ...]  # the status of a unit in each export of an audit, in order


@dataclass(frozen=True, order=True)
class CellKey:
    population: str
    selection: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @staticmethod
    def make(population: str, selection: dict[str, Iterable[str]]) -> CellKey:
        sel = tuple(sorted((d, tuple(sorted(codes))) for d, codes in selection.items()))
        return CellKey(population, sel)

    def dims(self) -> tuple[str, ...]:
        return tuple(d for d, _ in self.selection if d != STATUS)

    def codes(self, dim: str) -> frozenset[str] | None:
        for d, codes in self.selection:
            if d == dim:
                return frozenset(codes)
        return None

    def coords(self) -> dict[str, frozenset[str]]:
        """Every dimension of the population (and status) → covered codes (full when absent)."""
        pop = POPULATIONS[self.population]
        out = {STATUS: frozenset(pop.statuses)}
        out.update({d: frozenset(DIMENSIONS[d].base) for d in pop.dims})
        out.update({d: frozenset(c) for d, c in self.selection})
        return out

    def to_json(self) -> dict[str, Any]:
        return {"population": self.population, "selection": {d: list(c) for d, c in self.selection}}

    @staticmethod
    def from_json(data: dict[str, Any]) -> CellKey:
        return CellKey.make(str(data["population"]), dict(data["selection"]))


@dataclass(frozen=True)
class CellSpec:
    table_id: str
    row: str
    column: str
    key: CellKey


@dataclass(frozen=True)
class Layout:
    spec: TableSpec
    levels: tuple[tuple[str, str], ...]  # (dimension, level used)
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[CellSpec, ...]
    diversity_rows: tuple[tuple[CellKey, ...], ...]  # rows over a sensitive dimension


def build_layout(spec: TableSpec, choice: dict[str, str], sensitive: Sequence[str]) -> Layout:
    """The cells of one table at the chosen levels (`choice`: dimension → level)."""
    pop = spec.population
    if spec.panel:
        level = choice.get(spec.panel[0], spec.panel_levels[0])
        groups = DIMENSIONS[spec.panel[0]].level(level)
        columns = (*(code for code, _ in groups), TOTAL)
        cells = []
        for dim in spec.panel:
            for code, members in DIMENSIONS[dim].level(level):
                cells.append(CellSpec(spec.id, dim, code, CellKey.make(pop, {dim: members})))
            cells.append(CellSpec(spec.id, dim, TOTAL, CellKey.make(pop, {})))
        levels = tuple((d, level) for d in spec.panel)
        return Layout(spec, levels, spec.panel, columns, tuple(cells), ())
    assert spec.rows is not None  # noqa: S101 - narrows a type; never guards a permission
    row_dim = spec.rows.dimension
    row_groups = _groups(row_dim, choice.get(row_dim, spec.rows.levels[0]))
    col_dim = spec.columns.dimension if spec.columns else None
    col_groups: list[tuple[str, frozenset[str] | None]] = [("count", None)]
    if spec.columns and col_dim:
        col_groups = [*_groups(col_dim, choice.get(col_dim, spec.columns.levels[0])), (TOTAL, None)]
    rows = [*row_groups, (TOTAL, None)]
    cells = []
    for r_code, r_members in rows:
        for c_code, c_members in col_groups:
            sel: dict[str, Iterable[str]] = {}
            if r_members is not None:
                sel[row_dim] = r_members
            if c_members is not None and col_dim:
                sel[col_dim] = c_members
            cells.append(CellSpec(spec.id, r_code, c_code, CellKey.make(pop, sel)))
    used = [(row_dim, choice.get(row_dim, spec.rows.levels[0]))]
    if spec.columns and col_dim:
        used.append((col_dim, choice.get(col_dim, spec.columns.levels[0])))
    return Layout(
        spec,
        tuple(used),
        tuple(r for r, _ in rows),
        tuple(c for c, _ in col_groups),
        tuple(cells),
        _diversity_rows(cells, row_dim, col_dim, sensitive),
    )


def _groups(dim: str, level: str) -> list[tuple[str, frozenset[str] | None]]:
    return [(code, members) for code, members in DIMENSIONS[dim].level(level)]


def _diversity_rows(
    cells: list[CellSpec], row_dim: str, col_dim: str | None, sensitive: Sequence[str]
) -> tuple[tuple[CellKey, ...], ...]:
    out: list[tuple[CellKey, ...]] = []
    if col_dim in sensitive:
        for row in dict.fromkeys(c.row for c in cells):
            out.append(tuple(c.key for c in cells if c.row == row and c.column != TOTAL))
    if row_dim in sensitive:
        for col in dict.fromkeys(c.column for c in cells):
            out.append(tuple(c.key for c in cells if c.column == col and c.row != TOTAL))
    return tuple(out)


# -- the aggregated frame: unit counts by (pattern, codes) ------------------------------------

Agg = dict[str, Counter[tuple[Pattern, tuple[tuple[str, str], ...]]]]


def aggregate(frame: Frame, periods: Sequence[Period]) -> Agg:
    """Counts of units by their status pattern across `periods` and their codes."""
    agg: Agg = {}
    for population, units in frame.items():
        counter: Counter[tuple[Pattern, tuple[tuple[str, str], ...]]] = Counter()
        spans: dict[tuple[object, object], Pattern] = {}  # a status depends on the span only
        for unit in units:
            pattern = spans.get((unit.start, unit.end))
            if pattern is None:
                pattern = tuple(status_in(population, unit, p) for p in periods)
                spans[(unit.start, unit.end)] = pattern
            if any(s != ABSENT for s in pattern):
                counter[(pattern, unit.codes)] += 1
        agg[population] = counter
    return agg


def matches(key: CellKey, pattern: Pattern, codes: tuple[tuple[str, str], ...], j: int) -> bool:
    """Does a unit with `pattern` and `codes` count in `key` in export number `j`?"""
    status = pattern[j]
    if status == ABSENT:
        return False
    code_of = dict(codes)
    for dim, allowed in key.selection:
        value = status if dim == STATUS else code_of[dim]
        if value not in allowed:
            return False
    return True


def true_value(agg: Agg, key: CellKey, j: int = 0, pattern: Pattern | None = None) -> int:
    total = 0
    for (pat, codes), n in agg.get(key.population, Counter()).items():
        if (pattern is None or pat == pattern) and matches(key, pat, codes, j):
            total += n
    return total
