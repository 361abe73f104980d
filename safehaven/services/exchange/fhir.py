"""FHIR R4 content of packages and status files, checked with `fhir.resources` (its R4B models,
whose Bundle, ServiceRequest, Task, Patient and Organization match R4 for every element used).

A referral package is a `collection` Bundle: ServiceRequest, Task (status `requested`), a Patient
with only the shared fields, and the sending Organization. A status file is a `collection` Bundle
with one Task whose `basedOn` names the referral package's message id.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from safehaven.services.exchange.errors import ExchangeError

NS = "urn:safehaven:fhir:"
EXT_PRONOUNS = "http://hl7.org/fhir/StructureDefinition/individual-pronouns"
EXT_INTERPRETER = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
EXT_GENDER = NS + "gender"
EXT_AGE = NS + "age"
EXT_COUNTRY = NS + "country-of-origin"
EXT_SAFE_CONTACT = NS + "safe-contact"
SYS_CASE = NS + "case-number"
SYS_REFERRAL = NS + "referral-reference"
SYS_SERVICE = NS + "service-type"
SYS_CARD = NS + "card-fingerprint"
SYS_STATUS = NS + "referral-status"
SYS_DECLINE = NS + "decline-reason"
SYS_URI = "urn:ietf:rfc:3986"
PRIORITY = {"high": "urgent", "medium": "routine", "low": "routine", "no_action": "routine"}
ADMIN_GENDER = {"female": "female", "male": "male"}
# Our status code → FHIR TaskStatus, and back.
TASK_STATUS = {
    "requested": "requested",
    "accepted": "accepted",
    "appointment": "in-progress",
    "completed": "completed",
    "rejected": "rejected",
}
FROM_TASK_STATUS = {v: k for k, v in TASK_STATUS.items()}


@dataclass(frozen=True)
class ReferralContent:
    message_id: str
    created_at: dt.datetime
    reference: str  # the sender's referral reference (REF-2026-000042)
    service_type: str
    urgency: str
    reason: str
    notes: str
    appointment_at: dt.datetime | None
    sender_name: str
    sender_fingerprint: str
    sender_phone: str
    recipient_name: str
    recipient_fingerprint: str
    fields: Mapping[str, Any]  # shared client field → value (str, int, bool, list of codes)


@dataclass(frozen=True)
class StatusContent:
    message_id: str
    created_at: dt.datetime
    in_reply_to: str  # the referral package's message id
    reference: str
    status: str  # requested | accepted | appointment | completed | rejected
    decline_reason: str | None
    appointment_at: dt.datetime | None


def _time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urn(uuid: str) -> str:
    return f"urn:uuid:{uuid}"


def referral_bundle(c: ReferralContent, ids: Mapping[str, str]) -> dict[str, Any]:
    """`ids`: random uuids for patient, request, task and organization entries."""
    sender = _ref(ids["organization"], "Organization")
    performer = {
        "identifier": {"system": SYS_CARD, "value": c.recipient_fingerprint},
        "display": c.recipient_name,
    }
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": ids["request"],
        "identifier": [{"system": SYS_REFERRAL, "value": c.reference}],
        "status": "active",
        "intent": "order",
        "category": [{"coding": [{"system": SYS_SERVICE, "code": c.service_type}]}],
        "priority": PRIORITY.get(c.urgency, "routine"),
        "subject": _ref(ids["patient"], "Patient"),
        "authoredOn": _time(c.created_at),
        "requester": sender,
        "performer": [performer],
    }
    if c.reason:
        request["reasonCode"] = [{"text": c.reason}]
    if c.notes:
        request["note"] = [{"text": c.notes}]
    if c.appointment_at is not None:
        request["occurrenceDateTime"] = _time(c.appointment_at)
    task = {
        "resourceType": "Task",
        "id": ids["task"],
        "identifier": [{"system": SYS_URI, "value": _urn(c.message_id)}],
        "status": "requested",
        "intent": "order",
        "focus": _ref(ids["request"], "ServiceRequest"),
        "for": _ref(ids["patient"], "Patient"),
        "authoredOn": _time(c.created_at),
        "requester": sender,
        "owner": performer,
    }
    org: dict[str, Any] = {
        "resourceType": "Organization",
        "id": ids["organization"],
        "identifier": [{"system": SYS_CARD, "value": c.sender_fingerprint}],
        "name": c.sender_name,
    }
    if c.sender_phone:
        org["telecom"] = [{"system": "phone", "value": c.sender_phone}]
    resources = [request, task, patient_resource(ids["patient"], c.fields), org]
    return _collection(c.message_id, c.created_at, resources)


def patient_resource(patient_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A Patient carrying exactly `fields` (and a random id) — nothing else."""
    p: dict[str, Any] = {"resourceType": "Patient", "id": patient_id}
    names = [
        {"use": u, "text": fields[f]}
        for f, u in (("chosen_name", "usual"), ("legal_name", "official"))
        if f in fields
    ]
    if names:
        p["name"] = names
    ext: list[dict[str, Any]] = []
    if "pronouns" in fields:
        ext.append({"url": EXT_PRONOUNS, "valueCodeableConcept": {"text": fields["pronouns"]}})
    if "interpreter_needed" in fields:
        ext.append({"url": EXT_INTERPRETER, "valueBoolean": bool(fields["interpreter_needed"])})
    if "gender" in fields:
        ext.append({"url": EXT_GENDER, "valueCode": fields["gender"]})
        p["gender"] = ADMIN_GENDER.get(fields["gender"], _other_gender(fields["gender"]))
    if "age" in fields:
        ext.append({"url": EXT_AGE, "valueInteger": int(fields["age"])})
    if "country_of_origin" in fields:
        ext.append({"url": EXT_COUNTRY, "valueCode": fields["country_of_origin"]})
    if "safe_contact" in fields:
        ext.append({"url": EXT_SAFE_CONTACT, "valueString": fields["safe_contact"]})
    if ext:
        p["extension"] = ext
    if "case_number" in fields:
        p["identifier"] = [{"system": SYS_CASE, "value": fields["case_number"]}]
    if "date_of_birth" in fields:
        p["birthDate"] = fields["date_of_birth"]
    telecom = [
        {"system": s, "value": fields[f]}
        for f, s in (("phone", "phone"), ("email", "email"))
        if f in fields
    ]
    if telecom:
        p["telecom"] = telecom
    if "address" in fields:
        p["address"] = [{"text": fields["address"]}]
    if "languages" in fields:
        p["communication"] = [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": code}]}}
            for code in fields["languages"]
        ]
    return p


def _other_gender(code: str) -> str:
    return "unknown" if code in ("doesnt_know", "prefers_not_to_answer") else "other"


def status_bundle(c: StatusContent, task_id: str) -> dict[str, Any]:
    task: dict[str, Any] = {
        "resourceType": "Task",
        "id": task_id,
        "identifier": [{"system": SYS_URI, "value": _urn(c.message_id)}],
        "basedOn": [{"identifier": {"system": SYS_URI, "value": _urn(c.in_reply_to)}}],
        "focus": {"identifier": {"system": SYS_REFERRAL, "value": c.reference}},
        "status": TASK_STATUS[c.status],
        "businessStatus": {"coding": [{"system": SYS_STATUS, "code": c.status}]},
        "intent": "order",
        "lastModified": _time(c.created_at),
    }
    if c.decline_reason:
        task["statusReason"] = {"coding": [{"system": SYS_DECLINE, "code": c.decline_reason}]}
    if c.appointment_at is not None:
        task["executionPeriod"] = {"start": _time(c.appointment_at)}
    return _collection(c.message_id, c.created_at, [task])


def _ref(resource_id: str, kind: str) -> dict[str, str]:
    return {"reference": f"{kind}/{resource_id}"}


def _collection(
    message_id: str, at: dt.datetime, resources: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "identifier": {"system": SYS_URI, "value": _urn(message_id)},
        "type": "collection",
        "timestamp": _time(at),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }


def validate_bundle(bundle: Mapping[str, Any]) -> None:
    """Raise ExchangeError(not_fhir) unless fhir.resources accepts it as a Bundle."""
    try:
        Bundle.model_validate(dict(bundle))
    except Exception:  # pydantic's ValidationError and fhir.resources' own errors
        raise ExchangeError("not_fhir") from None


def to_bytes(bundle: Mapping[str, Any]) -> bytes:
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_bundle(payload: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ExchangeError("not_fhir", "json") from None
    if not isinstance(obj, dict) or obj.get("resourceType") != "Bundle":
        raise ExchangeError("not_fhir", "bundle")
    validate_bundle(obj)
    return obj


def _resources(bundle: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle.get("entry") or []
        if isinstance(e, dict)
        and isinstance(e.get("resource"), dict)
        and e["resource"].get("resourceType") == kind
    ]


def _one(bundle: Mapping[str, Any], kind: str) -> dict[str, Any]:
    found = _resources(bundle, kind)
    if len(found) != 1:
        raise ExchangeError("not_fhir", kind)
    return found[0]


def message_id_of(bundle: Mapping[str, Any]) -> str:
    value = str((bundle.get("identifier") or {}).get("value") or "")
    return value.removeprefix("urn:uuid:")


def _code(concept: Any, system: str) -> str | None:
    for coding in (concept or {}).get("coding") or []:
        if coding.get("system") == system and coding.get("code"):
            return str(coding["code"])
    return None


def _parse_time(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        at = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class ReceivedReferral:
    reference: str
    service_type: str
    urgency: str
    reason: str
    notes: str
    appointment_at: dt.datetime | None
    fields: dict[str, Any]


def read_referral(bundle: Mapping[str, Any]) -> ReceivedReferral:
    request = _one(bundle, "ServiceRequest")
    _one(bundle, "Task")
    patient = _one(bundle, "Patient")
    ident = [
        i.get("value") for i in request.get("identifier") or [] if i.get("system") == SYS_REFERRAL
    ]
    service = next((_code(c, SYS_SERVICE) for c in request.get("category") or []), None)
    reason = " ".join(str(r.get("text") or "") for r in request.get("reasonCode") or []).strip()
    notes = "\n".join(str(n.get("text") or "") for n in request.get("note") or []).strip()
    return ReceivedReferral(
        reference=str(ident[0]) if ident else "",
        service_type=service or "other",
        urgency="high" if request.get("priority") in ("urgent", "asap", "stat") else "medium",
        reason=reason,
        notes=notes,
        appointment_at=_parse_time(request.get("occurrenceDateTime")),
        fields=patient_fields(patient),
    )


def patient_fields(p: Mapping[str, Any]) -> dict[str, Any]:
    """The shared fields a Patient carries (the inverse of `patient_resource`)."""
    out: dict[str, Any] = {}
    for name in p.get("name") or []:
        key = {"usual": "chosen_name", "official": "legal_name"}.get(name.get("use") or "")
        if key and name.get("text"):
            out[key] = str(name["text"])
    for ext in p.get("extension") or []:
        url = ext.get("url")
        if url == EXT_PRONOUNS:
            out["pronouns"] = str((ext.get("valueCodeableConcept") or {}).get("text") or "")
        elif url == EXT_INTERPRETER:
            out["interpreter_needed"] = bool(ext.get("valueBoolean"))
        elif url == EXT_GENDER:
            out["gender"] = str(ext.get("valueCode") or "")
        elif url == EXT_AGE and isinstance(ext.get("valueInteger"), int):
            out["age"] = int(ext["valueInteger"])
        elif url == EXT_COUNTRY:
            out["country_of_origin"] = str(ext.get("valueCode") or "")
        elif url == EXT_SAFE_CONTACT:
            out["safe_contact"] = str(ext.get("valueString") or "")
    for ident in p.get("identifier") or []:
        if ident.get("system") == SYS_CASE and ident.get("value"):
            out["case_number"] = str(ident["value"])
    if p.get("birthDate"):
        out["date_of_birth"] = str(p["birthDate"])
    for tel in p.get("telecom") or []:
        if tel.get("system") in ("phone", "email") and tel.get("value"):
            out[str(tel["system"])] = str(tel["value"])
    for address in p.get("address") or []:
        if address.get("text"):
            out["address"] = str(address["text"])
    langs = [_code(c.get("language"), "urn:ietf:bcp:47") for c in p.get("communication") or []]
    if langs:
        out["languages"] = [code for code in langs if code]
    return out


def read_status(bundle: Mapping[str, Any]) -> StatusContent:
    task = _one(bundle, "Task")
    based = [b.get("identifier") or {} for b in task.get("basedOn") or []]
    reply = next((str(i.get("value")) for i in based if i.get("system") == SYS_URI), "")
    status = _code(task.get("businessStatus"), SYS_STATUS) or FROM_TASK_STATUS.get(
        str(task.get("status")), ""
    )
    if status not in TASK_STATUS or not reply:
        raise ExchangeError("not_fhir", "Task")
    focus = (task.get("focus") or {}).get("identifier") or {}
    return StatusContent(
        message_id=message_id_of(bundle),
        created_at=_parse_time(task.get("lastModified")) or dt.datetime.now(dt.UTC),
        in_reply_to=reply.removeprefix("urn:uuid:"),
        reference=str(focus.get("value") or ""),
        status=status,
        decline_reason=_code(task.get("statusReason"), SYS_DECLINE),
        appointment_at=_parse_time((task.get("executionPeriod") or {}).get("start")),
    )
