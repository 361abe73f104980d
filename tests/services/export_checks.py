"""Independent checks of an export's files (T1, T2, T3, T8, T9); each returns the problems found."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from pypdf import PdfReader

from safehaven.paths import resource
from safehaven.services.disclosure.dimensions import DIMENSIONS

HEADER = ["table_id", "table_title", "row", "column", "value", "flag"]
ALL_CODES = {c for d in DIMENSIONS.values() for ln in d.level_names() for c, _ in d.level(ln)}
ALL_CODES |= {"Total", "count", *(d for d in DIMENSIONS)}


def t1_schema(text: str, policy: str = "funder-default") -> list[str]:
    spec = json.loads(resource(f"exports/{policy}.json").read_text("utf-8"))
    titles = {t["id"]: t["title"] for t in spec["tables"]}
    rows = list(csv.reader(io.StringIO(text)))
    problems = [] if rows and rows[0] == HEADER else ["header"]
    for r in rows[1:]:
        if len(r) != 6:
            problems.append(f"width:{r}")
            continue
        tid, title, row, col, value, flag = r
        if titles.get(tid) != title:
            problems.append(f"table:{tid}")
        if row not in ALL_CODES or col not in ALL_CODES:
            problems.append(f"code:{row}/{col}")
        if value and not value.isdigit():
            problems.append(f"value:{value}")
        expected = "suppressed" if not value else ("zero" if value == "0" else "")
        if flag != expected:
            problems.append(f"flag:{flag}")
    return problems


def published_numbers(text: str) -> list[int]:
    return [int(r[4]) for r in list(csv.reader(io.StringIO(text)))[1:] if r[4]]


def t3_threshold(text: str, k: int = 11) -> list[int]:
    return [v for v in published_numbers(text) if 0 < v < k]


def pdf_text_and_meta(pdf: bytes) -> tuple[str, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return text, meta


def identifier_variants(people: list[dict[str, object]]) -> set[str]:
    """Names and name parts ≥ 3 chars, DOBs in ISO/US/EU forms, phone digits, addresses..."""
    out: set[str] = set()
    for p in people:
        fields = ("chosen_name", "other_names", "legal_name", "address", "email", "case_number")
        for field in fields:
            value = p.get(field)
            if isinstance(value, str) and value:
                out.add(value.lower())
                parts = re.split(r"[\s,]+", value)
                out |= {x.lower() for x in parts if len(x) >= 3 and not x.isdigit()}
        dob = p.get("date_of_birth")
        if dob is not None:
            out |= {
                dob.isoformat(),
                dob.strftime("%m/%d/%Y"),
                dob.strftime("%d/%m/%Y"),
                dob.strftime("%d.%m.%Y"),
            }
        phone = p.get("phone")
        if isinstance(phone, str):
            out.add(re.sub(r"\D", "", phone))
    return {v for v in out if len(v) >= 3 and (not v.isdigit() or len(v) >= 7)}


def t2_scan(haystacks: list[str], people: list[dict[str, object]]) -> list[str]:
    hits = []
    for hay in haystacks:
        low, digits = hay.lower(), re.sub(r"\D", "", hay)
        for v in identifier_variants(people):
            target = digits if v.isdigit() else low
            if v in target:
                hits.append(v)
    return hits


def t8_pdf_numbers(pdf_text: str, csv_text: str, period: str, k: int = 11) -> list[str]:
    rows = list(csv.reader(io.StringIO(csv_text)))[1:]
    allowed = {str(v) for v in published_numbers(csv_text)} | {str(k), str(k - 1)}
    for r in rows:
        allowed |= set(re.findall(r"\d+", " ".join(r[:4])))
    allowed |= set(re.findall(r"\d+", period))
    labels = "18–24 25–34 35–44 45 18 30 90 180"
    allowed |= set(re.findall(r"\d+", labels))
    return [n for n in re.findall(r"\d+", pdf_text) if n not in allowed]


def t9_manifest(folder: Path, policy: str = "funder-default") -> list[str]:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    problems = []
    for f in manifest["files"]:
        if hashlib.sha256((folder / f["name"]).read_bytes()).hexdigest() != f["sha256"]:
            problems.append(f"hash:{f['name']}")
    raw = resource(f"exports/{policy}.json").read_bytes()
    if manifest["policy_sha256"] != hashlib.sha256(raw).hexdigest():
        problems.append("policy_hash")
    if manifest["audit"]["result"] != "pass":
        problems.append("audit")
    rows = list(csv.reader(io.StringIO((folder / "tables.csv").read_text("utf-8"))))[1:]
    for table in manifest["tables"]:
        seen = sum(1 for r in rows if r[0] == table["id"] and r[5] == "suppressed")
        claimed = (
            table["primary_suppressed"]
            + table["complementary_suppressed"]
            + table["l_diversity_suppressed"]
        )
        if seen != claimed:
            problems.append(f"count:{table['id']}:{seen}!={claimed}")
    return problems
