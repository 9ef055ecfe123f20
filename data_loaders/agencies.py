"""Matching agency names as exports spell them to the registry's codes.

"UBND quận Lê Chân", "Quận Lê Chân", "UBND Q. Lê Chân", "UBND QUẬN LÊ CHÂN ", an NFD string:
all the same agency. Matching is exact on a normalised key (normalise.key + the prefix rules
below), first against names and aliases, then with a trailing "Hải Phòng" removed on both
sides. Nothing is fuzzy: an unknown name is reported with the closest known names as
suggestions, never guessed.
"""
from __future__ import annotations

import difflib
import hashlib
import re

import sqlalchemy as sa

from .normalise import clean_text, key
from .schema import Agency, AgencyAlias

# Abbreviations expanded inside keys ("Q. Lê Chân" → "quận lê chân").
_ABBREV = [
    (re.compile(r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?=\S)"), ""),
    (re.compile(r"^tp\.?\s*(?=\S)"), "thành phố "),
    (re.compile(r"^tx\.?\s*(?=\S)"), "thị xã "),
    (re.compile(r"^tt\.?\s*(?=\S)"), "thị trấn "),
    (re.compile(r"^q\.\s*(?=\S)"), "quận "),
    (re.compile(r"^h\.\s*(?=\S)"), "huyện "),
    (re.compile(r"^p\.\s*(?=\S)"), "phường "),
    (re.compile(r"^x\.\s*(?=\S)"), "xã "),
]
_CITY_SUFFIX = re.compile(r"\s*(?:[-,]\s*)?(?:(?:tp\.?|thành phố)\s*)?(?:hải phòng|hp)$")


def name_key(text: object) -> str:
    k = key(text).rstrip(" .,;")
    for pattern, repl in _ABBREV:
        k = pattern.sub(repl, k, count=1)
    k = re.sub(r"\s*([-–&])\s*", lambda m: " - " if m.group(1) in "-–" else " & ", k)
    return k.strip()


def loose_key(text: object) -> str:
    """name_key without a trailing 'Hải Phòng' / 'TP. Hải Phòng' (the city is implied)."""
    return _CITY_SUFFIX.sub("", name_key(text)).strip()


def registered_code(name: str) -> str:
    """A stable code for an agency registered from an import (same name → same code)."""
    return "DK-" + hashlib.sha1(name_key(name).encode()).hexdigest()[:8].upper()


class AgencyMatcher:
    def __init__(self, conn: sa.Connection):
        self.names: dict[str, str] = {}  # code → name
        self.kinds: dict[str, str] = {}
        self.parents: dict[str, str | None] = {}
        self.exact: dict[str, str] = {}  # name_key → code
        self.loose: dict[str, set[str]] = {}  # loose_key → codes
        for code, name, kind, parent in conn.execute(sa.select(Agency.code, Agency.name, Agency.kind, Agency.parent_code)):
            self.names[code], self.kinds[code], self.parents[code] = name, kind, parent
            self._add(name, code)
        for alias, code in conn.execute(sa.select(AgencyAlias.alias, AgencyAlias.agency_code)):
            self._add(alias, code)
        self.codes_ci = {key(c): c for c in self.names}

    def _add(self, text: str, code: str) -> None:
        self.exact.setdefault(name_key(text), code)
        self.loose.setdefault(loose_key(text), set()).add(code)

    def add(self, code: str, name: str, kind: str = "chưa phân loại") -> None:
        self.names[code], self.kinds[code], self.parents[code] = name, kind, None
        self._add(name, code)

    def match(self, text: object) -> str | None:
        if not clean_text(text):
            return None
        code = self.exact.get(name_key(text))
        if code:
            return code
        codes = self.loose.get(loose_key(text), set())
        return next(iter(codes)) if len(codes) == 1 else None

    def match_code(self, text: object) -> str | None:
        return self.codes_ci.get(key(text))

    def suggest(self, text: object, n: int = 3) -> list[str]:
        """The closest known names, for the error message (never used to match)."""
        by_key = {name_key(name): name for name in self.names.values()}
        close = difflib.get_close_matches(name_key(text), list(by_key), n=n, cutoff=0.5)
        return [by_key[c] for c in close]
