"""Words for the employment codes: sectors (ISIC sections, HTCDS labour list) and the rest."""

from __future__ import annotations

from decimal import Decimal

from safehaven.i18n import N_, _

NOT_RECORDED = N_("Not recorded")

SECTOR_LABELS: dict[str, str] = {
    "isic_a": N_("A. Agriculture, forestry and fishing"),
    "isic_b": N_("B. Mining and quarrying"),
    "isic_c": N_("C. Manufacturing"),
    "isic_d": N_("D. Electricity, gas and steam supply"),
    "isic_e": N_("E. Water supply, sewerage and waste management"),
    "isic_f": N_("F. Construction"),
    "isic_g": N_("G. Wholesale and retail trade; repair of vehicles"),
    "isic_h": N_("H. Transportation and storage"),
    "isic_i": N_("I. Accommodation and food service"),
    "isic_j": N_("J. Information and communication"),
    "isic_k": N_("K. Financial and insurance activities"),
    "isic_l": N_("L. Real estate activities"),
    "isic_m": N_("M. Professional, scientific and technical activities"),
    "isic_n": N_("N. Administrative and support services"),
    "isic_o": N_("O. Public administration and defence"),
    "isic_p": N_("P. Education"),
    "isic_q": N_("Q. Human health and social work"),
    "isic_r": N_("R. Arts, entertainment and recreation"),
    "isic_s": N_("S. Other service activities"),
    "isic_t": N_("T. Households as employers (domestic work)"),
    "isic_u": N_("U. Extraterritorial organizations"),
    "labour_agriculture": N_("Exploitation: agriculture"),
    "labour_aquafarming": N_("Exploitation: aquafarming or fishing"),
    "labour_begging": N_("Exploitation: begging"),
    "labour_construction": N_("Exploitation: construction"),
    "labour_domestic_work": N_("Exploitation: domestic work"),
    "labour_hospitality": N_("Exploitation: hospitality"),
    "labour_illicit_activities": N_("Exploitation: illicit activities"),
    "labour_manufacturing": N_("Exploitation: manufacturing"),
    "labour_mining": N_("Exploitation: mining or drilling"),
    "labour_peddling": N_("Exploitation: peddling"),
    "labour_transportation": N_("Exploitation: transportation"),
    "labour_other": N_("Exploitation: other labour"),
    "sex_industry": N_("Commercial sex industry"),
}

CODE_LABELS: dict[str, str] = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "doesnt_know": N_("Doesn't know"),
    "prefers_not_to_answer": N_("Prefers not to answer"),
    "full_time": N_("Full-time"),
    "part_time": N_("Part-time"),
    "seasonal": N_("Seasonal or day labour"),
    "apprenticeship": N_("Apprenticeship"),
    "self_employment": N_("Self-employment"),
    "looking": N_("Looking for work"),
    "unable": N_("Unable to work"),
    "not_looking": N_("Not looking for work"),
    "authorized": N_("Authorized to work"),
    "pending": N_("Authorization pending"),
    "not_authorized": N_("Not authorized"),
    "not_needed": N_("Not needed"),
    "unknown": N_("Unknown"),
    "hourly": N_("Per hour"),
    "daily": N_("Per day"),
    "weekly": N_("Per week"),
    "biweekly": N_("Every two weeks"),
    "monthly": N_("Per month"),
    "piece_rate": N_("Piece rate"),
    "job_developer": N_("Programme job developer"),
    "partner": N_("Partner organization"),
    "self_found": N_("Found by the survivor"),
    "transport": N_("Transport"),
    "childcare": N_("Childcare"),
    "work_clothes_tools": N_("Work clothes or tools"),
    "documents": N_("Documents"),
    "other": N_("Other"),
    "quit": N_("Quit"),
    "laid_off": N_("Laid off"),
    "terminated": N_("Dismissed"),
    "unsafe_conditions": N_("Unsafe or exploitative conditions"),
    "relocated": N_("Relocated"),
    "same_employer": N_("Employed, same employer"),
    "other_employer": N_("Employed, other employer"),
    "not_employed": N_("Not employed"),
    "safety": N_("Safety"),
    "pay": N_("Pay"),
    "harassment": N_("Harassment"),
    "hours": N_("Hours"),
    "phone": N_("Phone"),
    "visit": N_("Visit"),
    "message": N_("Message"),
    "enrolled": N_("Enrolled"),
    "completed": N_("Completed"),
    "dropped": N_("Dropped out"),
}


FIELD_LABELS: dict[str, str] = {
    "job_title": N_("Job title"),
    "start_date": N_("Start date"),
    "employer_id": N_("Employer"),
    "sector": N_("Sector"),
    "employment_type": N_("Employment type"),
    "placement_source": N_("Placement source"),
    "hours_per_week": N_("Hours per week"),
    "wage": N_("Wage"),
    "pay_frequency": N_("Pay frequency"),
    "supports": N_("Supports provided"),
    "separation_date": N_("End date"),
    "separation_reason": N_("Reason"),
    "attempted_on": N_("Date attempted"),
    "contact_method": N_("Contact method"),
    "status": N_("Status"),
    "issues": N_("Issues raised"),
    "name": N_("Name"),
    "email": N_("Email"),
    "vetted_on": N_("Vetted on"),
    "duration_weeks": N_("Duration in weeks"),
    "program_id": N_("Training program"),
    "end_date": N_("End date"),
    "credential_date": N_("Credential date"),
    "exploitation_sector": N_("Sector of the exploitation"),
    "employed": N_("Employed at intake"),
    "work_authorization": N_("Work authorization"),
}


def field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


def sector_label(code: str | None) -> str:
    if code is None:
        return _(NOT_RECORDED)
    return _(SECTOR_LABELS.get(code, code))


def code_label(code: str | None) -> str:
    if code is None:
        return _(NOT_RECORDED)
    return _(CODE_LABELS.get(code, code))


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def same_sector_text(placement_sector: str, exploitation_sector: str) -> str:
    return _(
        "Warning: this job ({sector}) is in the sector where the survivor was exploited "
        "({exploited}). Talk it through with the survivor and plan extra support."
    ).format(sector=sector_label(placement_sector), exploited=sector_label(exploitation_sector))
