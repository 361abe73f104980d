"""Pseudo-locales for developers, built from the English source strings (no catalogue file).

- `qps-ploc`: every letter accented and the text about 40 % longer, in brackets, so text that
  is cut off, built by concatenation or never translated stands out.
- `qps-plocm`: the same text shown right to left; the interface lays out right to left, as it
  would with a complete Arabic catalogue.

Placeholders (`{name}`, `%v`), mnemonics (`&`) and markup (`<b>`) are kept as they are.
"""

from __future__ import annotations

import math
import re

PSEUDO_LONG = "qps-ploc"
PSEUDO_RTL = "qps-plocm"
PSEUDO_LANGUAGES = (PSEUDO_LONG, PSEUDO_RTL)
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀßÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_KEEP = re.compile(r"(\{[^{}]*\}|%[a-zA-Z]|<[^<>]*>|&&|&.)")
GROWTH = 0.4
_RLE, _PDF = "\u202b", "\u202c"


def pseudo_text(lang: str, message: str) -> str:
    if not message.strip():
        return message
    parts = _KEEP.split(message)
    accented = "".join(p if _KEEP.fullmatch(p) else p.translate(_ACCENTED) for p in parts)
    visible = len(_KEEP.sub("", message))
    padding = "·" * max(1, math.ceil(visible * GROWTH) - 2)
    text = f"[{accented} {padding}]"
    if lang == PSEUDO_RTL:
        return _RLE + text + _PDF
    return text
