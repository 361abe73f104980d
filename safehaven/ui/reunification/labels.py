"""Words for the reunification codes, check items and the reasons a recommendation is refused."""

from __future__ import annotations

from safehaven.i18n import N_, _
from safehaven.models.reunification_rules import split_reason

NOT_ANSWERED = N_("Not answered")

CODE_LABELS: dict[str, str] = {
    # answers
    "yes": N_("Yes"),
    "no": N_("No"),
    "unknown": N_("Unknown"),
    "unsure": N_("Unsure"),
    # relationships
    "mother": N_("Mother"),
    "father": N_("Father"),
    "parent": N_("Parent"),
    "sibling": N_("Sibling"),
    "spouse_partner": N_("Spouse or partner"),
    "child": N_("Child"),
    "grandparent": N_("Grandparent"),
    "aunt_uncle": N_("Aunt or uncle"),
    "cousin": N_("Cousin"),
    "other_relative": N_("Other relative"),
    "guardian": N_("Guardian"),
    "other": N_("Other"),
    # preferred alternatives
    "independent_living": N_("Independent living"),
    "stay_in_programme": N_("Stay in the programme"),
    # best interests
    "reunification": N_("Reunification"),
    "local_integration": N_("Local integration"),
    "alternative_care": N_("Long-term alternative care"),
    "repatriation": N_("Repatriation"),
    "resettlement": N_("Resettlement"),
    # risk
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    # recommendations
    "reunify": N_("Reunify"),
    "reunify_enhanced_support": N_("Reunify with enhanced support"),
    "further_tracing": N_("Further tracing"),
    "not_recommended": N_("Reunification not recommended"),
    # statuses
    "draft": N_("Draft"),
    "submitted": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "returned": N_("Returned for more work"),
    "closed_refused": N_("Closed: the survivor does not wish it"),
    # reunification record
    "case_by_case": N_("Case by case"),
    "informal": N_("Informal or spontaneous"),
    "mediation": N_("Mediation"),
    "mass_tracing": N_("Mass or photo tracing"),
    "change_of_mind": N_("Change of mind"),
    "adult_died": N_("Death of the adult"),
    "failed_verification": N_("Failed verification"),
    # wellbeing
    "good": N_("Good"),
    "fair": N_("Fair"),
    "poor": N_("Poor"),
}

ITEM_LABELS: dict[str, str] = {
    "wants_contact": N_("Does the survivor want to contact or trace family?"),
    "wishes_reunify": N_("Does the survivor wish to be reunified with this person?"),
    "wishes_asked_on": N_("Asked privately on"),
    "survivor_concerns": N_("Survivor's concerns about returning"),
    "preferred_alternative": N_("Preferred alternative"),
    "best_interests_done": N_("Best-interests determination done (minors)"),
    "best_interests_date": N_("Determination date"),
    "best_interests_outcome": N_("Determination recommends"),
    "survivor_knows_adult": N_("Does the survivor know this adult?"),
    "accounts_match": N_("Do the separate accounts match?"),
    "identity_verified": N_("Identity verified"),
    "documents_checked": N_("Documents checked"),
    "corroborated_by": N_("Corroborated by (community leader, authority)"),
    "corroborated_on": N_("Corroborated on"),
    "household_willing": N_("Is the household willing to receive the survivor?"),
    "household_able": N_("Is the household able to care for the survivor?"),
    "acceptance_date": N_("Date the adult accepted"),
    "household_size": N_("People in the household"),
    "household_notes": N_("Economic situation, housing, local support"),
    "home_visit_done": N_("Home visit done"),
    "home_visit_date": N_("Home visit date"),
    "home_visit_by": N_("Visited by"),
    "home_visit_observations": N_("Observations"),
    "risk_rating": N_("Overall risk rating"),
    "risk_rationale": N_("Rationale for the rating"),
    "recommendation": N_("Recommendation"),
    "conditions_support": N_("Conditions and support package"),
    "survivor_agrees": N_("Survivor informed and agrees"),
    "relationship": N_("Relationship"),
    "survivor_choice_rank": N_("Survivor's choice (1st, 2nd, 3rd)"),
    "name": N_("Name"),
    "location": N_("Location"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "contact_notes": N_("Contact notes"),
    "reunification_type": N_("Type"),
    "not_verified_reason": N_("If not, why"),
    "wellbeing": N_("Wellbeing"),
}

RED_FLAG_LABELS: dict[str, str] = {
    "family_involvement": N_("A family member was involved in the recruitment or profited"),
    "custody_claim": N_("A family member claimed custody right after the rescue"),
    "trafficker_in_community": N_("The trafficker or recruiter is in the community or in contact"),
    "debts": N_("Debts to recruiters; pressure to re-migrate or earn"),
    "abuse_history": N_("History of abuse, neglect or violence in the household"),
    "retaliation_threats": N_("Threats of retaliation"),
    "stigma": N_("Stigma; risk the community will not accept the survivor"),
}

REASONS: dict[str, str] = {
    "survivor_refused": N_("The survivor does not wish to be reunified with this person."),
    "missing": N_("Not answered yet: {item}."),
    "wishes_not_confirmed": N_("The survivor is unsure about reunification."),
    "identity_not_verified": N_("The family contact's identity is not verified."),
    "accounts_do_not_match": N_("The survivor's and the adult's accounts do not match."),
    "red_flag_open": N_("Red flag raised without a documented mitigation: {item}."),
    "household_not_willing": N_("The household has not confirmed it is willing."),
    "household_not_able": N_("The household has not confirmed it is able to care."),
    "home_visit_missing": N_("No home visit has been done."),
    "home_visit_date_missing": N_("The home visit has no date."),
    "risk_high": N_("The overall risk is rated high."),
    "best_interests_missing": N_(
        "A minor (or a survivor whose age is not established) needs a best-interests determination."
    ),
    "best_interests_against": N_("The best-interests determination recommends another outcome."),
    "not_submitted": N_("The assessment has not been submitted."),
    "not_supervisor": N_("Only a supervisor may approve."),
    "own_assessment": N_("You cannot approve an assessment you made or submitted."),
    "wrong_status": N_("The assessment cannot be changed in its current state."),
    "not_approved": N_("The reunification has not been approved."),
    "already_recorded": N_("This reunification is already recorded."),
}


def code_label(code: str | None) -> str:
    if code is None:
        return _(NOT_ANSWERED)
    return _(CODE_LABELS.get(code, code))


def item_label(item: str) -> str:
    if item.startswith("red_flag."):
        return red_flag_label(item.removeprefix("red_flag."))
    return _(ITEM_LABELS.get(item, item))


def red_flag_label(code: str) -> str:
    return _(RED_FLAG_LABELS.get(code, code))


def reason_text(reason: str) -> str:
    """One sentence for a rule's reason code (`code` or `code:item`)."""
    code, item = split_reason(reason)
    template = REASONS.get(code)
    if template is None:
        return reason
    label = (
        ""
        if item is None
        else (red_flag_label(item) if code == "red_flag_open" else item_label(item))
    )
    return _(template).format(item=label)


def checks_text(reasons: tuple[str, ...]) -> str:
    """Every reason of a refused action, one sentence each."""
    return " ".join(reason_text(r) for r in reasons)
