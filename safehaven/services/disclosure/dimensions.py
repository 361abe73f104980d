"""The closed code lists an export may publish, and their generalization hierarchies.

Each dimension has *base* codes (the finest level the tabulation computes; nothing finer ever
leaves the database) and named levels that group base codes. "Not collected", "Doesn't know" and
"Prefers not to answer" are categories of their own at every level where they are not combined
into a labelled "other/unknown" category — they are never dropped.

Populations are what a table counts: unduplicated clients served in the period (new or
continuing), or referrals / reunification assessments / placements started in the period.
"""

from __future__ import annotations

from dataclasses import dataclass

from safehaven.i18n import N_
from safehaven.models.client import AGE_BANDS

NC, DK, PNA = "not_collected", "doesnt_know", "prefers_not_to_answer"


@dataclass(frozen=True)
class Dimension:
    name: str
    title: str
    base: tuple[str, ...]
    levels: dict[str, tuple[tuple[str, frozenset[str]], ...]]

    def level(self, name: str) -> tuple[tuple[str, frozenset[str]], ...]:
        if name == "detail":
            return tuple((code, frozenset({code})) for code in self.base)
        return self.levels[name]

    def level_names(self) -> tuple[str, ...]:
        return ("detail", *self.levels)


@dataclass(frozen=True)
class Population:
    name: str
    title: str
    statuses: tuple[str, ...]
    dims: tuple[str, ...]


def _dim(
    name: str, title: str, base: tuple[str, ...], **levels: dict[str, tuple[str, ...]]
) -> Dimension:
    built = {
        level: tuple((code, frozenset(members)) for code, members in groups.items())
        for level, groups in levels.items()
    }
    return Dimension(name, title, base, built)


SERVICE_GROUPS: dict[str, tuple[str, ...]] = {
    "shelter_basic_needs": ("safehouse", "nfi", "water_sanitation", "food"),
    "health_psychosocial": ("health", "psychosocial"),
    "legal_protection": (
        "police",
        "legal",
        "immigration",
        "identity_documents",
        "registration",
        "child_protection",
    ),
    "livelihoods_education": ("livelihoods", "employment", "education"),
    "family": ("family_mediation", "family_reunification"),
    "other_services": ("interpretation", "transportation", "hotline", "other"),
}
_RETENTION = ("employed_same", "employed_other", "not_employed", "unknown", "not_recorded")
_RETENTION_SUMMARY = {
    "employed": ("employed_same", "employed_other"),
    "not_employed": ("not_employed",),
    "unknown": ("unknown",),
    "not_recorded": ("not_recorded",),
}

# Screening (issue 14): outcomes, noted domains and indicators are categories, never scores.
_NOTED = ("noted", "not_noted")
SCREENING_DIMENSIONS = (
    _dim(
        "screening_outcome",
        N_("Screening outcome"),
        ("offer_assessment", "immediate_safety", "no_indicators", "declined", "stopped"),
    ),
    _dim("domain_recruitment", N_("Recruitment and deception"), _NOTED),
    _dim("domain_movement", N_("Movement and control"), _NOTED),
    _dim("domain_violence", N_("Violence and threats"), _NOTED),
    _dim("domain_work", N_("Work and pay"), _NOTED),
    _dim("domain_commercial_sex", N_("Commercial sex"), _NOTED),
    _dim("indicators_labour", N_("Labour exploitation indicators"), _NOTED),
    _dim("indicators_sexual", N_("Sexual exploitation indicators"), _NOTED),
    _dim(
        "protocol",
        N_("Response protocol"),
        ("immediate_danger", "adult_indicators", "minor_disclosure", "labour_indicators", "other"),
    ),
    _dim("protocol_state", N_("Protocol state"), ("in_progress", "completed")),
    _dim(
        "training_course",
        N_("Training course"),
        ("screening_basics", "screening_interview", "child_safeguarding", "protocol_response"),
    ),
    _dim("training_validity", N_("Validity"), ("valid", "expired")),
)
SCREENING_POPULATIONS = (
    Population(
        "screenings",
        N_("Screenings"),
        ("completed",),
        tuple(d.name for d in SCREENING_DIMENSIONS[:8]),
    ),
    Population("protocols", N_("Response protocols"), ("started",), ("protocol", "protocol_state")),
    Population(
        "staff_training",
        N_("Staff training records"),
        ("recorded",),
        ("training_course", "training_validity"),
    ),
)

DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        _dim("status", N_("Clients served"), ("new", "continuing")),
        _dim(
            "age",
            N_("Age at intake"),
            (*AGE_BANDS, NC),
            group={"minor": ("under_18",), "adult": AGE_BANDS[1:], NC: (NC,)},
        ),
        _dim(
            "gender",
            N_("Gender"),
            ("female", "male", "transgender", "non_binary", "another", DK, PNA, NC),
        ),
        _dim("citizenship", N_("Citizenship"), ("citizen_or_lpr", "foreign_national", DK, PNA, NC)),
        _dim(
            "trafficking_type",
            N_("Type of trafficking"),
            ("sex", "labor", "both", "unknown", DK, PNA, NC),
            tims={
                "sex": ("sex",),
                "labor": ("labor",),
                "both": ("both",),
                "other_unknown": ("unknown", DK, PNA, NC),
            },
        ),
        _dim(
            "service",
            N_("Service type"),
            tuple(code for group in SERVICE_GROUPS.values() for code in group),
            group=SERVICE_GROUPS,
        ),
        _dim(
            "referral_result",
            N_("Referral result"),
            ("pending", "accepted", "completed", "declined", "withdrawn", "not_referred"),
        ),
        _dim(
            "assessment_outcome",
            N_("Assessment outcome"),
            (
                "reunify",
                "reunify_enhanced_support",
                "further_tracing",
                "alternative_care",
                "not_recommended",
                "survivor_refused",
                "in_progress",
            ),
            summary={
                "reunify": ("reunify", "reunify_enhanced_support"),
                "other_decision": ("further_tracing", "alternative_care", "not_recommended"),
                "survivor_refused": ("survivor_refused",),
                "in_progress": ("in_progress",),
            },
        ),
        _dim("retention_30", N_("At 30 days"), _RETENTION, summary=_RETENTION_SUMMARY),
        _dim("retention_90", N_("At 90 days"), _RETENTION, summary=_RETENTION_SUMMARY),
        _dim("retention_180", N_("At 180 days"), _RETENTION, summary=_RETENTION_SUMMARY),
        *SCREENING_DIMENSIONS,
    )
}

POPULATIONS: dict[str, Population] = {
    p.name: p
    for p in (
        Population(
            "clients",
            N_("Clients"),
            ("new", "continuing"),
            ("age", "gender", "citizenship", "trafficking_type"),
        ),
        Population("referrals", N_("Referrals"), ("made",), ("service", "referral_result")),
        Population("assessments", N_("Assessments"), ("started",), ("assessment_outcome",)),
        Population(
            "placements",
            N_("Placements"),
            ("started",),
            ("retention_30", "retention_90", "retention_180"),
        ),
        *SCREENING_POPULATIONS,
    )
}

LABELS: dict[str, str] = {
    "offer_assessment": N_("Indicators noted — offer full assessment"),
    "immediate_safety": N_("Indicators noted — immediate safety concern"),
    "no_indicators": N_("No indicators noted today"),
    "stopped": N_("Stopped"),
    "noted": N_("Noted"),
    "not_noted": N_("Not noted"),
    "immediate_danger": N_("Immediate safety concern"),
    "adult_indicators": N_("Indicators noted (adult)"),
    "minor_disclosure": N_("Disclosure by a person under 18"),
    "labour_indicators": N_("Labour exploitation indicators"),
    "screening_basics": N_("Screening basics"),
    "screening_interview": N_("Screening interview"),
    "child_safeguarding": N_("Child safeguarding"),
    "protocol_response": N_("Response protocols"),
    "valid": N_("Valid"),
    "expired": N_("Expired"),
    "Total": N_("Total"),
    "count": N_("Number"),
    "new": N_("New clients"),
    "continuing": N_("Continuing from earlier periods"),
    "under_18": N_("Under 18"),
    "18_24": N_("18–24"),
    "25_34": N_("25–34"),
    "35_44": N_("35–44"),
    "45_plus": N_("45 and over"),
    "minor": N_("Minor (under 18)"),
    "adult": N_("Adult (18 and over)"),
    NC: N_("Not collected"),
    DK: N_("Doesn't know"),
    PNA: N_("Prefers not to answer"),
    "female": N_("Female"),
    "male": N_("Male"),
    "transgender": N_("Transgender"),
    "non_binary": N_("Non-binary"),
    "another": N_("Another gender identity"),
    "citizen_or_lpr": N_("U.S. citizen or permanent resident"),
    "foreign_national": N_("Foreign national"),
    "sex": N_("Sex trafficking"),
    "labor": N_("Labor trafficking"),
    "both": N_("Both sex and labor"),
    "unknown": N_("Unknown"),
    "other_unknown": N_("Other, unknown or not answered"),
    "shelter_basic_needs": N_("Shelter and basic needs"),
    "health_psychosocial": N_("Health and psychosocial"),
    "legal_protection": N_("Legal, protection and documents"),
    "livelihoods_education": N_("Livelihoods, employment and education"),
    "family": N_("Family mediation and reunification"),
    "other_services": N_("Other services"),
    "pending": N_("Pending"),
    "accepted": N_("Accepted"),
    "completed": N_("Completed"),
    "declined": N_("Declined"),
    "withdrawn": N_("Withdrawn"),
    "not_referred": N_("Not referred (need met otherwise)"),
    "reunify": N_("Reunification recommended"),
    "reunify_enhanced_support": N_("Reunification with enhanced support"),
    "further_tracing": N_("Further tracing"),
    "alternative_care": N_("Alternative care"),
    "not_recommended": N_("Not recommended"),
    "other_decision": N_("Other decision"),
    "survivor_refused": N_("Survivor declined"),
    "in_progress": N_("In progress"),
    "employed": N_("Employed"),
    "employed_same": N_("Same employer"),
    "employed_other": N_("Other employer"),
    "not_employed": N_("Not employed"),
    "not_recorded": N_("Not recorded yet"),
    "retention_30": N_("At 30 days"),
    "retention_90": N_("At 90 days"),
    "retention_180": N_("At 180 days"),
}


def label(code: str) -> str:
    """The untranslated English label of a code (translate with `_()` when shown)."""
    return LABELS.get(code, code)
