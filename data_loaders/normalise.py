"""Text normalisation shared by headers, values and agency names.

Exports spell the same thing many ways: NFD vs NFC (macOS, some web forms), "Hoà" vs "Hòa"
(old and new tone-mark placement), upper case, doubled spaces, non-breaking spaces. Keys built
here are only ever compared with other keys; the text shown to users stays as it came (NFC).
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Old-style tone placement (on the second vowel of oa/oe/uy) → new style, so "Hoà" == "Hòa"
# and "Thuỷ" == "Thủy". Applied only inside keys.
_TONE_STYLE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_STYLE))


def clean_text(value: object) -> str:
    """NFC, no surrounding spaces, inner runs of white space (incl. NBSP) collapsed to one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def key(value: object) -> str:
    """A comparison key: clean_text + case-folded + one tone-mark style."""
    text = clean_text(value).casefold()
    return _TONE_RE.sub(lambda m: _TONE_STYLE[m.group(0)], text)


def header_key(value: object) -> str:
    """Key for column headers: also ignores punctuation spacing like 'Số, ký hiệu' vs 'Số,ký hiệu'."""
    text = key(value)
    text = re.sub(r"\s*([,.;:()/\-])\s*", r"\1", text)
    return text.rstrip(":")
