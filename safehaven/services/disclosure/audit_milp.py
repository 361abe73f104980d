"""The reconstruction audit: what can an attacker who holds every published number work out?

The attacker's unknowns are counts of units by (status pattern across all audited exports,
combination of categories). Categories are the coarsest partition of base codes that every
published selection respects, and dimensions that never share a table are modelled in separate
blocks tied together by the per-pattern totals — both are exact, not relaxations: any solution of
this model is realised by some population, and every population gives a solution. The attacker
solves integer programmes (scipy.optimize.milp / HiGHS) to bound each suppressed number.

A row hidden for l-diversity is itself a sign: whoever knows the rule (the policy is public)
knows that the row is homogeneous. So at least `min_l` of its categories must each be able to hold
the whole row (`could_be_homogeneous`), or the hidden row names its members' category.

Pass criterion: every suppressed number whose true value is below the threshold (primary cells
and zeros hidden for l-diversity) ranges over [0, ≥ threshold]; a suppressed complement whose
true value is at least the threshold cannot be pinned below it (its true value stays feasible),
so its lower bound is not constrained — with nested periods in the ledger it cannot be 0 anyway
(a year's count is at least its published half). Shares revealed only by comparing exports
(units counted in one export but not another) must keep an upper bound ≥ threshold, or be 0.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from safehaven.models.period import Period, quarter_start
from safehaven.services.disclosure.cells import STATUS, CellKey, Pattern
from safehaven.services.disclosure.errors import stop_if_cancelled
from safehaven.services.disclosure.tabulate import ABSENT, Unit, status_in

if TYPE_CHECKING:  # scipy is imported where it is used: 3 s to import on a busy laptop,
    from scipy.optimize import LinearConstraint  # which must not freeze the reports page

UPPER = 1_000_000  # "no bound known" for the attacker
TIME_LIMIT_S = 20.0
# A witness is worth a tenth of a second: past that, the best integer solution found so far
# serves (or none, and the audit's own programmes answer instead).
WITNESS_OPTIONS: dict[str, Any] = {"time_limit": 0.1, "disp": False}


class SolverProblem(Exception):
    """HiGHS stopped without a proof (time limit or numerical trouble)."""


@dataclass(frozen=True)
class ExportView:
    label: str
    period: Period
    published: dict[CellKey, int | None]  # None = suppressed


def possible_patterns(population: str, periods: Sequence[Period]) -> list[Pattern]:
    """Every status pattern a unit can have across `periods` (from representative dates)."""
    quarters = sorted({q for p in periods for q in p.quarters()})
    starts = [quarter_start(y, q) for y, q in quarters]
    before = starts[0] - dt.timedelta(days=1)
    found: set[Pattern] = set()
    if population != "clients":
        for day in starts:
            found.add(tuple(status_in(population, Unit(day, day, ()), p) for p in periods))
    else:
        ends = [s + dt.timedelta(days=1) for s in starts]
        for start in [before, *starts]:
            for end in [*ends, None]:
                if end is not None and end < start:
                    continue
                unit = Unit(start, end, ())
                found.add(tuple(status_in(population, unit, p) for p in periods))
    found.discard(tuple(ABSENT for _ in periods))
    return sorted(found)


class AttackModel:
    def __init__(self, exports: Sequence[ExportView]) -> None:
        self.exports = list(exports)
        periods = [e.period for e in self.exports]
        keys = [k for e in self.exports for k in e.published]
        self.populations = sorted({k.population for k in keys})
        self.patterns = {p: possible_patterns(p, periods) for p in self.populations}
        self.atoms = _atoms(keys)
        self.components = _components(keys, self.populations)
        self._index: dict[tuple[str, int, Pattern, tuple[int, ...]], int] = {}
        # the same variables grouped by (population, component): a key looks at its group only
        self._groups: dict[tuple[str, int], list[tuple[Pattern, tuple[int, ...], int]]] = {}
        for pop in self.populations:
            for ci, comp in enumerate(self.components[pop]):
                ranges = [range(len(self.atoms[d])) for d in comp]
                group = self._groups.setdefault((pop, ci), [])
                for pattern in self.patterns[pop]:
                    for combo in itertools.product(*ranges):
                        self._index[(pop, ci, pattern, combo)] = len(self._index)
                        group.append((pattern, combo, self._index[(pop, ci, pattern, combo)]))
        self._witnesses: list[np.ndarray] = []
        self.solves = 0
        self._build()

    @property
    def size(self) -> int:
        return len(self._live)

    def columns(self, key: CellKey, j: int, pattern: Pattern | None = None) -> list[int]:
        """Live variable columns whose sum is `key` in export `j` (restricted to `pattern`)."""
        return [self._live[i] for i in self._raw(key, j, pattern) if i in self._live]

    def bounds(
        self, cols: list[int], threshold: int, need_min: bool, need_max: bool
    ) -> tuple[int, int]:
        """(lo, hi) of sum(cols) as far as the audit needs them: lo is 0 when the attacker
        cannot rule out 0 (else 1, "proved non-zero"); hi is ≥ threshold when the attacker
        cannot rule out a large value (else threshold−1). Each is one feasibility programme,
        skipped when an integer solution found earlier already answers it."""
        if not cols:
            return 0, 0
        seen = [int(w[cols].sum()) for w in self._witnesses]
        lo = 0
        if need_min and 0 not in seen:
            lo = 0 if self._feasible(cols, 0, 0) else 1
        hi = max((v for v in seen if v >= threshold), default=-1)
        if hi < 0:
            hi = (
                threshold
                if (not need_max or self._feasible(cols, threshold, UPPER))
                else threshold - 1
            )
        return lo, hi

    def could_be_homogeneous(self, own: list[int], others: list[int]) -> bool:
        """Can the units of a row all be in one category (`own` ≥ 1, every other one 0)?"""
        if not own:
            return False
        n = max(len(self._live), 1)
        rows = np.zeros((2, n))
        rows[0, own] = 1.0
        rows[1, others] = 1.0
        from scipy.optimize import LinearConstraint

        extra = LinearConstraint(rows, [1.0, 0.0], [float(UPPER), 0.0])
        return self._optimum(np.zeros(n), extra) is not None

    def seed_witnesses(
        self, count: int, seed: int = 7, *, is_cancelled: Callable[[], bool] = lambda: False
    ) -> None:
        """Integer solutions in random directions: each certifies many bounds at once. A
        witness only has to be feasible, not optimal (it shows values the attacker cannot rule
        out), so each solve has a short time limit and its best solution so far is kept:
        proving a random direction optimal took 0.1–0.8 s a solve at 100,000 clients, most of
        an export. Which witnesses are found may vary; the audit's findings do not, as every
        bound a witness does not answer is solved exactly."""
        rng = np.random.default_rng(seed)
        n = len(self._live)
        for _ in range(count if n else 0):
            stop_if_cancelled(is_cancelled)
            weights = rng.random(n) * (rng.random(n) < 0.5)
            self._solve(-weights, None, WITNESS_OPTIONS)

    def _raw(self, key: CellKey, j: int, pattern: Pattern | None) -> list[int]:
        pop = key.population
        dims = key.dims()
        comps = self.components[pop]
        ci = next((i for i, c in enumerate(comps) if set(dims) <= set(c)), 0)
        comp = comps[ci]
        allowed = key.codes(STATUS)
        out = []
        for pat, combo, idx in self._groups.get((pop, ci), []):
            if pat[j] == ABSENT:
                continue
            if (pattern is not None and pat != pattern) or (allowed and pat[j] not in allowed):
                continue
            if all(self.atoms[d][combo[comp.index(d)]] <= (key.codes(d) or set()) for d in dims):
                out.append(idx)
        return out

    def _build(self) -> None:
        zero: set[int] = set()
        for j, export in enumerate(self.exports):
            for key, value in export.published.items():
                if value == 0:
                    zero.update(self._raw(key, j, None))
        live = [i for i in range(len(self._index)) if i not in zero]
        self._live = {raw: col for col, raw in enumerate(live)}
        rows: list[tuple[list[int], list[float], float]] = []
        for j, export in enumerate(self.exports):
            for key, value in export.published.items():
                if value is not None and value > 0:
                    cols = self.columns(key, j)
                    rows.append((cols, [1.0] * len(cols), float(value)))
        for pop in self.populations:
            comps = self.components[pop]
            for pattern, ci in itertools.product(self.patterns[pop], range(1, len(comps))):
                first = self._pattern_cols(pop, 0, pattern)
                other = self._pattern_cols(pop, ci, pattern)
                rows.append(([*first, *other], [1.0] * len(first) + [-1.0] * len(other), 0.0))
        from scipy.optimize import LinearConstraint
        from scipy.sparse import lil_matrix

        matrix = lil_matrix((max(len(rows), 1), max(len(live), 1)))
        rhs = np.zeros(max(len(rows), 1))
        for r, (cols, coefs, target) in enumerate(rows):
            for col, coef in zip(cols, coefs, strict=True):
                matrix[r, col] += coef
            rhs[r] = target
        self._constraint = LinearConstraint(matrix.tocsr(), rhs, rhs)

    def _pattern_cols(self, pop: str, ci: int, pattern: Pattern) -> list[int]:
        return [
            self._live[idx]
            for pat, _combo, idx in self._groups.get((pop, ci), [])
            if pat == pattern and idx in self._live
        ]

    def _feasible(self, cols: list[int], low: int, high: int) -> bool:
        """Is there an integer solution with low ≤ sum(cols) ≤ high?"""
        n = max(len(self._live), 1)
        row = np.zeros((1, n))
        row[0, cols] = 1.0
        from scipy.optimize import LinearConstraint

        extra = LinearConstraint(row, low, high)
        return self._optimum(np.zeros(n), extra) is not None

    def _optimum(
        self, objective: np.ndarray, extra: LinearConstraint | None = None
    ) -> float | None:
        """Optimum (None if infeasible); the solution joins the witnesses."""
        return self._solve(objective, extra, {"time_limit": TIME_LIMIT_S, "disp": False})

    def _solve(
        self, objective: np.ndarray, extra: LinearConstraint | None, options: dict[str, Any]
    ) -> float | None:
        n = max(len(self._live), 1)
        self.solves += 1
        constraints = [self._constraint] if extra is None else [self._constraint, extra]
        from scipy.optimize import Bounds, milp

        result = milp(
            objective,
            integrality=np.ones(n),
            bounds=Bounds(0, UPPER),
            constraints=constraints,
            options=options,
        )
        if result.status == 2:
            return None
        if options is WITNESS_OPTIONS and result.status == 1:  # stopped at the time limit
            if result.x is not None:  # with an integer solution: enough for a witness
                self._witnesses.append(np.round(result.x))
            return None
        if result.status != 0 or result.fun is None or result.x is None:
            raise SolverProblem(result.status)
        self._witnesses.append(np.round(result.x))
        return float(result.fun)


def _atoms(keys: Sequence[CellKey]) -> dict[str, list[frozenset[str]]]:
    from safehaven.services.disclosure.dimensions import DIMENSIONS

    selections: dict[str, list[frozenset[str]]] = {}
    for key in keys:
        for dim in key.dims():
            codes = key.codes(dim)
            assert codes is not None  # noqa: S101 - narrows a type; never guards a permission
            selections.setdefault(dim, []).append(codes)
    atoms: dict[str, list[frozenset[str]]] = {}
    for dim, sels in selections.items():
        groups: dict[tuple[bool, ...], set[str]] = {}
        for code in DIMENSIONS[dim].base:
            groups.setdefault(tuple(code in s for s in sels), set()).add(code)
        atoms[dim] = [frozenset(g) for g in groups.values()]
    return atoms


def _components(keys: Sequence[CellKey], populations: list[str]) -> dict[str, list[list[str]]]:
    parent: dict[str, str] = {}

    def find(d: str) -> str:
        while parent[d] != d:
            d = parent[d]
        return d

    for key in keys:
        dims = key.dims()
        for d in dims:
            parent.setdefault(d, d)
        for a, b in itertools.pairwise(dims):
            parent[find(a)] = find(b)
    out: dict[str, list[list[str]]] = {}
    for pop in populations:
        pop_dims = sorted({d for k in keys if k.population == pop for d in k.dims()})
        groups: dict[str, list[str]] = {}
        for d in pop_dims:
            groups.setdefault(find(d), []).append(d)
        out[pop] = list(groups.values()) or [[]]
    return out


@dataclass(frozen=True)
class Quantity:
    key: CellKey
    export: int
    pattern: Pattern | None  # None: the published number itself; else one pattern's share
    true: int
    zero_may_show: bool  # a true 0 may be known as 0 (not a row hidden for l-diversity)


@dataclass(frozen=True)
class Finding:
    quantity: Quantity
    lo: int
    hi: int
    ok: bool


def audit_quantities(
    model: AttackModel,
    quantities: Sequence[Quantity],
    threshold: int,
    *,
    progress: Callable[[int, int], None],
    is_cancelled: Callable[[], bool],
) -> list[Finding]:
    """Bound every quantity whose true value is below `threshold`: it must range over
    [0, ≥ threshold] — the attacker can prove neither that it is non-zero nor that it is small.
    A true 0 may also be known as 0, except in rows hidden for l-diversity; a share revealed by
    comparing exports only needs the upper bound."""
    findings = []
    for done, q in enumerate(quantities, start=1):
        stop_if_cancelled(is_cancelled)
        if q.true >= threshold:
            # Nothing small to find: the attacker can at best learn that a count of at least
            # `threshold` units is large, and its true value keeps the range open upwards.
            findings.append(Finding(q, -1, q.true, True))
            continue
        cols = model.columns(q.key, q.export, q.pattern)
        lo, hi = model.bounds(cols, threshold, need_min=q.true > 0, need_max=q.true < threshold)
        hi = max(hi, q.true)
        if q.zero_may_show and q.true == 0:
            ok = hi == 0 or hi >= threshold
        elif q.pattern is not None:
            # A share revealed by comparing exports must not be pinned below the threshold;
            # proving that such a share is non-empty names nobody.
            ok = hi >= threshold
        else:
            ok = lo == 0 and hi >= threshold
        findings.append(Finding(q, lo, hi, ok))
        progress(done, len(quantities))
    return findings
