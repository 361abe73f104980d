"""Sector matching and checkpoint dates, without a database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from safehaven.models.employment_rules import (
    LABOUR_TO_ISIC,
    SECTORS,
    due_dates,
    isic_of,
    same_sector,
    sector_warning,
)


def test_labour_codes_match_their_isic_section():
    assert same_sector("isic_a", "labour_agriculture")
    assert same_sector("labour_aquafarming", "isic_a")
    assert same_sector("labour_domestic_work", "isic_t")
    assert same_sector("isic_i", "labour_hospitality")
    assert not same_sector("isic_c", "labour_hospitality")


def test_codes_without_a_section_match_only_themselves():
    assert same_sector("sex_industry", "sex_industry")
    assert same_sector("labour_begging", "labour_begging")
    assert not same_sector("labour_begging", "labour_illicit_activities")
    assert not same_sector("labour_other", "labour_begging")


def test_missing_sector_never_warns():
    assert not same_sector(None, "isic_a")
    assert not same_sector("isic_a", None)
    assert sector_warning("isic_a", None) is None
    warning = sector_warning("isic_f", "labour_construction")
    assert warning is not None
    assert warning.exploitation_sector == "labour_construction"


@given(st.sampled_from(SECTORS), st.sampled_from(SECTORS))
def test_same_sector_is_symmetric_and_reflexive(a, b):
    assert same_sector(a, a)
    assert same_sector(a, b) == same_sector(b, a)
    if isic_of(a) and isic_of(a) == isic_of(b):
        assert same_sector(a, b)


def test_every_labour_code_is_a_sector():
    assert set(LABOUR_TO_ISIC) <= set(SECTORS)


def test_due_dates_sorted_unique_positive():
    start = dt.date(2026, 1, 31)
    assert due_dates(start, [90, 30, 30, 0, -5]) == [
        (30, dt.date(2026, 3, 2)),
        (90, dt.date(2026, 5, 1)),
    ]
