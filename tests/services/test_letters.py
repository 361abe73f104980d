"""Referral letters read back with pypdf: only consented and ticked fields, clean metadata."""

from __future__ import annotations

import datetime as dt
import io
import json

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from safehaven.messages import describe
from safehaven.models.audit import AuditEvent
from safehaven.services.consent import consent as consent_service
from safehaven.services.errors import ConsentMissing, ValidationFailed
from safehaven.services.organization.sender import SenderDetailsMissing
from safehaven.services.referrals.letters import build_letter, letter_options
from tests.services.referral_helpers import (
    ADDRESS,
    LEGAL_NAME,
    grant,
    make_client,
    make_org,
    make_referral,
    set_sender,
)


@pytest.fixture
def referral(db, staff):
    client_id = make_client(db[staff.caseworker], staff.caseworker)
    org_id = make_org(db[staff.admin], staff.admin)
    set_sender(db[staff.admin], staff.admin)
    consent = grant(
        db[staff.caseworker],
        staff.caseworker,
        client_id,
        org_id,
        fields=("chosen_name", "pronouns", "phone"),
    )
    ref = make_referral(
        db[staff.caseworker],
        staff.caseworker,
        client_id,
        org_id,
        notes_to_org="Prefers a female lawyer.",
        appointment_location="Room 4, 12 Main Street",
    )
    return ref, consent.id


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_letter_has_service_recipient_reference_and_only_ticked_consented_fields(
    db, staff, referral
):
    ref, _ = referral
    opts = letter_options(db[staff.caseworker], actor=staff.caseworker, referral_id=ref)
    assert opts.shareable == ("chosen_name", "pronouns", "phone")
    result = build_letter(
        db[staff.caseworker],
        actor=staff.caseworker,
        referral_id=ref,
        purpose="print",
        fields=["chosen_name", "pronouns"],
    )
    text = _text(result.pdf)
    assert "Legal assistance" in text
    assert "Harbor Legal Aid" in text
    assert "Jordan Reyes" in text
    assert result.reference in text
    assert result.reference.startswith("REF-")
    assert "Luz" in text
    assert "she/her" in text
    for secret in (LEGAL_NAME, "Marisol", ADDRESS, "Evergreen", "1999", "17 April", "555-201"):
        assert secret not in text  # not consented (legal name, DOB, address) or not ticked (phone)
    assert "Confidential" in text
    assert "Signature" in text


def test_metadata_carries_no_personal_data(db, staff, referral):
    ref, _ = referral
    result = build_letter(
        db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="save"
    )
    meta = PdfReader(io.BytesIO(result.pdf)).metadata
    assert meta.title == f"Referral letter {result.reference}"
    assert not meta.author
    assert not meta.subject
    assert not (meta.get("/Keywords"))
    assert not ""
    raw = result.pdf
    for secret in (b"Luz", LEGAL_NAME.encode(), b"Harbor"):
        assert secret not in raw  # text is compressed; nothing personal in clear metadata
    assert b"/Lang" in raw


def test_spanish_letter(db, staff, referral):
    ref, _ = referral
    result = build_letter(
        db[staff.caseworker],
        actor=staff.caseworker,
        referral_id=ref,
        purpose="preview",
        language="es",
    )
    text = _text(result.pdf)
    assert "Carta de derivación" in text
    assert "Asistencia legal" in text
    assert PdfReader(io.BytesIO(result.pdf)).metadata.title.startswith("Carta de derivación")


def test_fields_not_consented_are_refused(db, staff, referral):
    ref, _ = referral
    with pytest.raises(ValidationFailed) as info:
        build_letter(
            db[staff.caseworker],
            actor=staff.caseworker,
            referral_id=ref,
            purpose="print",
            fields=["chosen_name", "legal_name"],
        )
    assert info.value.errors == {"legal_name": "not_consented"}


def test_printing_is_audited_with_field_names_only(db, staff, referral):
    ref, _ = referral
    build_letter(
        db[staff.caseworker],
        actor=staff.caseworker,
        referral_id=ref,
        purpose="print",
        fields=["chosen_name"],
    )
    build_letter(db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="preview")
    session = db[staff.supervisor]
    with session.begin():
        events = session.execute(
            select(AuditEvent).where(AuditEvent.action.like("referral_letter_%"))
        ).scalars()
        details = [(e.action, e.object_id, json.loads(e.details)) for e in events]
    assert details == [
        (
            "referral_letter_printed",
            ref,
            {
                "channel": "app",
                "encrypted": False,
                "fields": ["chosen_name"],
                "language": "en",
                "override": False,
            },
        )
    ]


@pytest.mark.parametrize("state", ["none", "expired", "withdrawn"])
def test_printing_without_valid_consent_is_refused(db, staff, state):
    client_id = make_client(db[staff.caseworker], staff.caseworker)
    org_id = make_org(db[staff.admin], staff.admin)
    set_sender(db[staff.admin], staff.admin)
    now = dt.datetime.now(dt.UTC)
    if state != "none":
        consent = grant(
            db[staff.caseworker],
            staff.caseworker,
            client_id,
            org_id,
            at=now - dt.timedelta(days=30),
            expires_at=now - dt.timedelta(days=1) if state == "expired" else None,
        )
        if state == "withdrawn":
            consent_service.withdraw_consent(
                db[staff.caseworker], actor=staff.caseworker, consent_id=consent.id
            )
    ref = make_referral(db[staff.caseworker], staff.caseworker, client_id, org_id)
    with pytest.raises(ConsentMissing) as info:
        build_letter(db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="print")
    assert info.value.reason == state
    # a supervisor may override with a reason; the letter then carries no client fields
    result = build_letter(
        db[staff.supervisor],
        actor=staff.supervisor,
        referral_id=ref,
        purpose="print",
        override_reason="Emergency shelter placement tonight",
    )
    assert result.overridden
    assert result.fields == ()
    assert "Luz" not in _text(result.pdf)


def test_long_notes_make_several_pages_and_password_encrypts(db, staff):
    client_id = make_client(db[staff.caseworker], staff.caseworker)
    org_id = make_org(db[staff.admin], staff.admin)
    set_sender(db[staff.admin], staff.admin)
    grant(db[staff.caseworker], staff.caseworker, client_id, org_id)
    notes = "\n".join(f"Point {i}: please arrange a quiet waiting room." for i in range(80))
    ref = make_referral(
        db[staff.caseworker], staff.caseworker, client_id, org_id, notes_to_org=notes
    )
    plain = build_letter(
        db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="preview"
    )
    reader = PdfReader(io.BytesIO(plain.pdf))
    assert len(reader.pages) >= 2
    assert "Point 79" in _text(plain.pdf)
    locked = build_letter(
        db[staff.caseworker],
        actor=staff.caseworker,
        referral_id=ref,
        purpose="save",
        pdf_password="s3cret pw",
    )
    locked_reader = PdfReader(io.BytesIO(locked.pdf))
    assert locked_reader.is_encrypted
    assert locked_reader.decrypt("wrong") == 0
    assert locked_reader.decrypt("s3cret pw") != 0
    assert b"/AESV3" in locked.pdf  # AES-256, not RC4
    assert locked_reader.metadata.title == f"Referral letter {locked.reference}"
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(locked.pdf)
    doc = pdfium.PdfDocument(locked.pdf, password="s3cret pw")
    assert len(doc) == len(reader.pages)
    assert "Point 79" in "".join(page.get_textpage().get_text_range() for page in doc)


def test_a_letter_without_the_sender_address_is_refused_with_the_reason(db, staff, referral):
    ref, _consent = referral
    set_sender(db[staff.admin], staff.admin, organization_address="  ")
    with pytest.raises(SenderDetailsMissing) as refused:
        build_letter(db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="print")
    assert refused.value.missing == ("organization_address",)
    sentence = describe(refused.value)
    assert "address" in sentence
    assert "Administration" in sentence
    session = db[staff.supervisor]
    with session.begin():
        printed = session.execute(
            select(AuditEvent).where(AuditEvent.action == "referral_letter_printed")
        ).first()
    assert printed is None


def test_the_sender_block_carries_the_shelters_details(db, staff, referral):
    ref, _consent = referral
    set_sender(db[staff.admin], staff.admin, organization_email="office@casa.example")
    result = build_letter(
        db[staff.caseworker], actor=staff.caseworker, referral_id=ref, purpose="preview"
    )
    text = _text(result.pdf)
    for detail in ("Casa Esperanza", "PO Box 12, Riverton", "555-0100", "office@casa.example"):
        assert detail in text
