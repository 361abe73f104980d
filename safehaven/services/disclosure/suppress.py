"""Primary suppression, the l-diversity rule, and complementary suppression.

Primary: every published number from 1 to threshold−1 is hidden. l-diversity: a published row
over a sensitive dimension with fewer than `min_l` non-zero categories is hidden whole, zeros
included (a lone non-zero category would tell everyone in the row their type of trafficking).
Complementary: every additive relation (a number = the sum of others, within a table, between
levels of a hierarchy, or between tables) holds either no hidden member or at least two whose
hidden total reaches the threshold; complements are the smallest non-zero numbers available.
The MILP audit then decides; `more_complements` widens around what it found unprotected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safehaven.services.disclosure.cells import CellKey, Layout

Relation = tuple[CellKey, tuple[CellKey, ...]]  # parent == sum(children)


@dataclass
class Suppression:
    primary: set[CellKey]
    diversity: set[CellKey]
    complementary: set[CellKey]

    @property
    def hidden(self) -> set[CellKey]:
        return self.primary | self.diversity | self.complementary


def primary(values: dict[CellKey, int], threshold: int) -> set[CellKey]:
    return {k for k, v in values.items() if 0 < v < threshold}


def diversity(layouts: Sequence[Layout], values: dict[CellKey, int], min_l: int) -> set[CellKey]:
    hidden: set[CellKey] = set()
    for layout in layouts:
        for row in layout.diversity_rows:
            nonzero = sum(1 for k in row if values[k] > 0)
            if 0 < nonzero < min_l:
                hidden.update(row)
    return hidden


def relations(layouts: Sequence[Layout]) -> list[Relation]:
    """Additive relations among all published keys (within and across tables)."""
    by_table: dict[str, list[CellKey]] = {}
    for layout in layouts:
        by_table[layout.spec.id] = list(dict.fromkeys(c.key for c in layout.cells))
    keys = list(dict.fromkeys(k for ks in by_table.values() for k in ks))
    coords = {k: k.coords() for k in keys}
    found: dict[Relation, None] = {}
    for parent in keys:
        pc = coords[parent]
        for dim, full in pc.items():
            for members in by_table.values():
                kids = [
                    k
                    for k in members
                    if k.population == parent.population
                    and coords[k][dim] < full
                    and all(coords[k][d] == pc[d] for d in pc if d != dim)
                ]
                if len(kids) < 2:
                    continue
                union: set[str] = set()
                disjoint = True
                for k in kids:
                    disjoint &= not (union & coords[k][dim])
                    union |= coords[k][dim]
                if disjoint and union == full:
                    found[(parent, tuple(sorted(kids)))] = None
    return list(found)


def complementary(
    rels: Sequence[Relation],
    values: dict[CellKey, int],
    hidden: set[CellKey],
    threshold: int,
) -> set[CellKey]:
    """Complements needed so each relation has 0 or ≥ 2 hidden members carrying ≥ threshold."""
    added: set[CellKey] = set()
    changed = True
    while changed:
        changed = False
        for parent, kids in rels:
            members = (parent, *kids)
            gone = [m for m in members if m in hidden or m in added]
            if not gone:
                continue
            mass = sum(values[m] for m in gone if m != parent)
            if len(gone) >= 2 and (parent in gone or mass >= threshold):
                continue
            pick = _smallest(kids, values, hidden | added) or _smallest(
                (parent,), values, hidden | added
            )
            if pick is not None:
                added.add(pick)
                changed = True
    return added


def more_complements(
    failing: Iterable[CellKey],
    rels: Sequence[Relation],
    values: dict[CellKey, int],
    hidden: set[CellKey],
) -> set[CellKey]:
    """One more complement next to each number the audit found unprotected."""
    added: set[CellKey] = set()
    for key in failing:
        if key not in hidden and values[key] > 0:
            added.add(key)
            continue
        candidates = [m for p, kids in rels if key == p or key in kids for m in (p, *kids)]
        pick = _smallest(candidates, values, hidden | added)
        if pick is not None:
            added.add(pick)
    return added


def _smallest(
    keys: Iterable[CellKey],
    values: dict[CellKey, int],
    exclude: set[CellKey],
    prefer_nonzero: bool = True,
) -> CellKey | None:
    options = [k for k in keys if k not in exclude]
    nonzero = [k for k in options if values[k] > 0]
    pool = nonzero if (nonzero or prefer_nonzero) else options
    if not pool:
        return None
    return min(pool, key=lambda k: (values[k], len(k.selection) == 0, k))
