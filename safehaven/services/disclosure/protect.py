"""The fail-closed protection loop: generalize → suppress → complement → audit → widen or
collapse → audit again; raises instead of returning anything unsafe."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from safehaven.models.period import Period
from safehaven.services.disclosure import suppress as sup
from safehaven.services.disclosure.audit_milp import (
    AttackModel,
    ExportView,
    Finding,
    Quantity,
    SolverProblem,
    audit_quantities,
)
from safehaven.services.disclosure.cells import (
    STATUS,
    Agg,
    CellKey,
    Layout,
    aggregate,
    build_layout,
    matches,
    true_value,
)
from safehaven.services.disclosure.errors import (
    AuditFailed,
    EarlierExportConflict,
    TooFewClients,
    stop_if_cancelled,
)
from safehaven.services.disclosure.policy import Policy, TableSpec
from safehaven.services.disclosure.tabulate import ABSENT, Frame

INNER_ROUNDS = 6
OUTER_ROUNDS = 12


@dataclass(frozen=True)
class PriorExport:
    export_id: str
    period: Period
    published: dict[CellKey, int | None]
    strict: frozenset[CellKey] = frozenset()  # hidden for l-diversity: a 0 must not show


@dataclass(frozen=True)
class AuditSummary:
    method: str
    quantities: int
    variables: int
    min_upper_bound: int | None
    max_lower_bound: int | None
    prior_exports: tuple[str, ...]
    rounds: int


@dataclass
class Protected:
    period: Period
    threshold: int
    layouts: list[Layout]
    values: dict[CellKey, int]
    suppression: sup.Suppression
    withheld: list[str] = field(default_factory=list)
    withheld_titles: list[str] = field(default_factory=list)
    collapsed: list[tuple[str, str, str]] = field(default_factory=list)
    audit: AuditSummary | None = None

    def published(self, key: CellKey) -> int | None:
        return None if key in self.suppression.hidden else self.values[key]


def exact_values(frame: Frame, period: Period, layouts: Sequence[Layout]) -> dict[CellKey, int]:
    agg = aggregate(frame, [period])
    return {c.key: true_value(agg, c.key) for layout in layouts for c in layout.cells}


def default_layouts(policy: Policy) -> list[Layout]:
    return [build_layout(t, {}, policy.sensitive) for t in policy.tables]


def protect(
    policy: Policy,
    frame: Frame,
    period: Period,
    priors: Sequence[PriorExport],
    *,
    threshold: int,
    progress: Callable[[int, int], None],
    is_cancelled: Callable[[], bool],
) -> Protected:
    periods = [period, *(p.period for p in priors)]
    agg = aggregate(frame, periods)
    _check_priors(agg, period, priors)
    if true_value(agg, CellKey("clients")) < 2 * threshold:
        raise TooFewClients(period.id, 2 * threshold)
    choice: dict[str, dict[str, int]] = {t.id: {} for t in policy.tables}
    withheld: list[str] = []
    reasons: tuple[str, ...] = ()
    for _outer in range(OUTER_ROUNDS):
        tables = [t for t in policy.tables if t.id not in withheld]
        layouts = [build_layout(t, _levels(t, choice[t.id]), policy.sensitive) for t in tables]
        result = _attempt(policy, agg, period, priors, layouts, threshold, progress, is_cancelled)
        if isinstance(result, Protected):
            result.withheld = withheld
            result.withheld_titles = [t.title for t in policy.tables if t.id in withheld]
            result.collapsed = _collapsed(tables, choice)
            return result
        failing_tables, reasons = result
        if not _fall_back(tables, failing_tables, choice, withheld):
            break
    raise AuditFailed(period.id, reasons or ("unprotected",))


def _attempt(
    policy: Policy,
    agg: Agg,
    period: Period,
    priors: Sequence[PriorExport],
    layouts: list[Layout],
    threshold: int,
    progress: Callable[[int, int], None],
    is_cancelled: Callable[[], bool],
) -> Protected | tuple[list[str], tuple[str, ...]]:
    values = {c.key: true_value(agg, c.key) for layout in layouts for c in layout.cells}
    rels = sup.relations(layouts)
    first = sup.primary(values, threshold)
    div = sup.diversity(layouts, values, policy.min_l)
    extra = sup.complementary(rels, values, first | div, threshold)
    if priors:
        # What comparing with earlier exports reveals is the share of units absent from one of
        # them: protect those shares like a table of their own.
        for j in range(1, len(priors) + 1):
            diff = {k: _difference_share(agg, k, j) for k in values}
            extra |= sup.primary(diff, threshold) - first
            extra |= sup.complementary(rels, diff, first | div | extra, threshold)
    state = sup.Suppression(first, div - first, extra - first - div)
    for rounds in range(1, INNER_ROUNDS + 1):
        stop_if_cancelled(is_cancelled)  # building the attack model takes a while
        views = [
            ExportView(
                "current",
                period,
                {k: (None if k in state.hidden else v) for k, v in values.items()},
            )
        ]
        views += [ExportView(p.export_id, p.period, p.published) for p in priors]
        model = AttackModel(views)
        model.seed_witnesses(8, is_cancelled=is_cancelled)
        quantities = _quantities(model, views, priors, agg, values, state)
        try:
            findings = audit_quantities(
                model, quantities, threshold, progress=progress, is_cancelled=is_cancelled
            )
        except SolverProblem:
            return [layout.spec.id for layout in layouts], ("solver_time_limit",)
        failing = [f for f in findings if not f.ok]
        revealing = _revealed_rows(model, layouts, state, policy.min_l)
        if revealing:
            # The published margins give the row's category away: collapse or withhold the table.
            return revealing, tuple(sorted({f"homogeneous:{t}" for t in revealing}))
        if not failing:
            return Protected(
                period,
                threshold,
                layouts,
                values,
                state,
                audit=_summary(findings, model, priors, rounds),
            )
        targets = _targets(failing, values)
        added = sup.more_complements(targets, rels, values, state.hidden) - state.hidden
        if not added:
            break
        state.complementary |= added
        state.complementary |= sup.complementary(rels, values, state.hidden, threshold)
    tables = [lay.spec.id for lay in layouts if any(f.quantity.key in _keys(lay) for f in failing)]
    return tables, tuple(sorted({f"unprotected:{t}" for t in tables}))


def _quantities(
    model: AttackModel,
    views: list[ExportView],
    priors: Sequence[PriorExport],
    agg: Agg,
    values: dict[CellKey, int],
    state: sup.Suppression,
) -> list[Quantity]:
    out = [Quantity(k, 0, None, values[k], k not in state.diversity) for k in sorted(state.hidden)]
    for j, view in enumerate(views[1:], start=1):
        strict = priors[j - 1].strict
        out += [
            Quantity(k, j, None, true_value(agg, k, j), k not in strict)
            for k, v in view.published.items()
            if v is None
        ]
    if len(views) == 1:
        return out
    seen: set[frozenset[int]] = set()
    for j, view in enumerate(views):
        for key in view.published:
            allowed = key.codes(STATUS)
            for pattern in model.patterns[key.population]:
                if pattern[j] == ABSENT or ABSENT not in pattern:
                    continue
                if allowed and pattern[j] not in allowed:
                    continue
                cols = frozenset(model.columns(key, j, pattern))
                if cols and cols not in seen:
                    seen.add(cols)
                    out.append(Quantity(key, j, pattern, true_value(agg, key, j, pattern), True))
    return out


def _revealed_rows(
    model: AttackModel, layouts: list[Layout], state: sup.Suppression, min_l: int
) -> list[str]:
    """Tables with a row hidden for l-diversity whose category the published numbers give
    away: fewer than `min_l` categories could hold the whole (homogeneous) row."""
    out = []
    for layout in layouts:
        for row in layout.diversity_rows:
            if not set(row) & state.diversity:
                continue
            cols = {k: model.columns(k, 0) for k in row}
            able = sum(
                model.could_be_homogeneous(
                    cols[k], [c for other in row if other != k for c in cols[other]]
                )
                for k in row
            )
            if able < min_l:
                out.append(layout.spec.id)
                break
    return out


def _difference_share(agg: Agg, key: CellKey, j: int) -> int:
    """Units counted in `key` by exactly one of the current export and earlier export `j`."""
    total = 0
    for (pattern, codes), n in agg.get(key.population, {}).items():
        if matches(key, pattern, codes, 0) != matches(key, pattern, codes, j):
            total += n
    return total


def _targets(failing: list[Finding], values: dict[CellKey, int]) -> list[CellKey]:
    """Current-export numbers to hide or surround for each unprotected finding."""
    return [f.quantity.key for f in failing if f.quantity.key in values]


def _keys(layout: Layout) -> set[CellKey]:
    return {c.key for c in layout.cells}


def _levels(spec: TableSpec, chosen: dict[str, int]) -> dict[str, str]:
    out: dict[str, str] = {}
    axes = [a for a in (spec.rows, spec.columns) if a is not None]
    for axis in axes:
        out[axis.dimension] = axis.levels[min(chosen.get(axis.dimension, 0), len(axis.levels) - 1)]
    for dim in spec.panel:
        out[dim] = spec.panel_levels[min(chosen.get("panel", 0), len(spec.panel_levels) - 1)]
    return out


def _fall_back(
    tables: list[TableSpec],
    failing: list[str],
    choice: dict[str, dict[str, int]],
    withheld: list[str],
) -> bool:
    """Collapse a failing table one level, else withhold an optional one; False if neither."""
    for spec in (t for t in tables if t.id in failing):
        axes = [a for a in (spec.columns, spec.rows) if a is not None]
        for axis in axes:
            if choice[spec.id].get(axis.dimension, 0) + 1 < len(axis.levels):
                choice[spec.id][axis.dimension] = choice[spec.id].get(axis.dimension, 0) + 1
                return True
        if spec.panel and choice[spec.id].get("panel", 0) + 1 < len(spec.panel_levels):
            choice[spec.id]["panel"] = choice[spec.id].get("panel", 0) + 1
            return True
    for spec in sorted(
        (t for t in tables if t.id in failing and t.optional), key=lambda t: t.id, reverse=True
    ):
        withheld.append(spec.id)
        return True
    return False


def _collapsed(
    tables: list[TableSpec], choice: dict[str, dict[str, int]]
) -> list[tuple[str, str, str]]:
    out = []
    for spec in tables:
        for dim, level in _levels(spec, choice[spec.id]).items():
            axis = next((a for a in (spec.rows, spec.columns) if a and a.dimension == dim), None)
            first = axis.levels[0] if axis else spec.panel_levels[0]
            if level != first:
                out.append((spec.id, dim, level))
    return out


def _check_priors(agg: Agg, period: Period, priors: Sequence[PriorExport]) -> None:
    for j, prior in enumerate(priors, start=1):
        for key, value in prior.published.items():
            if value is not None and true_value(agg, key, j) != value:
                raise EarlierExportConflict(period.id, prior.period.id, prior.export_id)


def _summary(
    findings: list[Finding], model: AttackModel, priors: Sequence[PriorExport], rounds: int
) -> AuditSummary:
    hidden = [f for f in findings if f.quantity.pattern is None and f.lo >= 0]
    return AuditSummary(
        method="MILP reconstruction (scipy.optimize.milp, HiGHS)",
        quantities=len(findings),
        variables=model.size,
        min_upper_bound=min((f.hi for f in hidden), default=None),
        max_lower_bound=max((f.lo for f in hidden), default=None),
        prior_exports=tuple(p.export_id for p in priors),
        rounds=rounds,
    )
