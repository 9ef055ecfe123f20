"""Column-mapping profiles: one declarative TOML file per source layout (docs/profiles.md).

A clerk writes one without Python. Built-in profiles live in data_loaders/profiles/; a path to
any other .toml file works the same way. Without a profile, `auto_profile` recognises columns
by their Vietnamese names and common vendor synonyms (fields.py).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ProfileError
from .fields import KINDS
from .normalise import header_key

BUILTIN_DIR = Path(__file__).resolve().parent / "profiles"

TOP_KEYS = {
    "kind", "format", "encoding", "delimiter", "sheet", "header_row", "id_from", "id_separator",
    "deadline_precision", "agency_by", "unknown_agencies", "list_separator", "transfer_separator",
    "description", "columns", "dates", "values", "deadline",
}
_WHEN_MISSING = re.compile(r"^\s*(none|(\d+)\s+(working_days|days))\s*$")


@dataclass
class Profile:
    name: str
    kind: str
    columns: dict[str, str]  # canonical field → header text in the file
    format: str | None = None
    encoding: str = "auto"
    delimiter: str = "auto"
    sheet: int | str = 0
    header_row: int | str = "auto"
    id_from: list[str] = field(default_factory=list)  # canonical fields (or headers) forming the id
    id_separator: str = " | "
    deadline_precision: str = "day"
    agency_by: str = "name"
    unknown_agencies: str = "reject"
    list_separator: str = ";"
    transfer_separator: str = "->"
    dates: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    when_missing: str = "none"
    description: str = ""
    builtin: bool = False
    source: str | None = None

    @property
    def deadline_rule(self) -> tuple[int, str] | None:
        """(N, 'working_days' | 'days') when a missing deadline is to be computed, else None."""
        m = _WHEN_MISSING.match(self.when_missing)
        if not m or m.group(1) == "none":
            return None
        return int(m.group(2)), m.group(3)


def _fail(where: str, msg: str) -> ProfileError:
    return ProfileError(f"{where}: {msg}")


def parse_profile(data: dict, name: str, source: str | None = None, builtin: bool = False) -> Profile:
    where = source or name
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(TOP_KEYS)}")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _fail(where, f"kind = {kind!r}; expected one of {sorted(KINDS)}")
    k = KINDS[kind]
    columns = {str(a): str(b) for a, b in (data.get("columns") or {}).items()}
    for f in columns:
        if f not in k.names:
            raise _fail(where, f"[columns] {f!r} is not a field of {kind}; fields: {', '.join(k.names)}")
    dates = {str(a): str(b) for a, b in (data.get("dates") or {}).items()}
    for f in dates:
        if f not in k.names or k.get(f).type not in ("date", "datetime"):
            raise _fail(where, f"[dates] {f!r} is not a date field of {kind}")
    values = {}
    for f, mapping in (data.get("values") or {}).items():
        if f not in k.names or k.get(f).type not in ("enum",):
            raise _fail(where, f"[values.{f}] {f!r} is not a field with coded values in {kind}")
        allowed = set(k.get(f).values)
        for src, dst in mapping.items():
            if dst not in allowed:
                raise _fail(where, f"[values.{f}] {src!r} = {dst!r}: allowed values are {sorted(allowed)}")
        values[f] = {str(a): str(b) for a, b in mapping.items()}
    when_missing = str((data.get("deadline") or {}).get("when_missing", "none"))
    if not _WHEN_MISSING.match(when_missing):
        raise _fail(where, f'[deadline] when_missing = {when_missing!r}; use "none", "<N> working_days" or "<N> days"')
    choices = {
        "format": (None, "csv", "xlsx", "xls"), "deadline_precision": ("day", "exact"),
        "agency_by": ("name", "code"), "unknown_agencies": ("reject", "register"),
    }
    for key_, allowed in choices.items():
        if key_ in data and data[key_] not in allowed:
            raise _fail(where, f"{key_} = {data[key_]!r}; expected one of {[a for a in allowed if a]}")
    id_from = [str(x) for x in data.get("id_from") or []]
    header_row = data.get("header_row", "auto")
    if header_row != "auto" and not (isinstance(header_row, int) and header_row >= 1):
        raise _fail(where, f"header_row = {header_row!r}; use \"auto\" or a row number from 1")
    return Profile(
        name=name, kind=kind, columns=columns, format=data.get("format"),
        encoding=str(data.get("encoding", "auto")), delimiter=str(data.get("delimiter", "auto")),
        sheet=data.get("sheet", 0), header_row=header_row, id_from=id_from,
        id_separator=str(data.get("id_separator", " | ")),
        deadline_precision=data.get("deadline_precision", "day"), agency_by=data.get("agency_by", "name"),
        unknown_agencies=data.get("unknown_agencies", "reject"),
        list_separator=str(data.get("list_separator", ";")),
        transfer_separator=str(data.get("transfer_separator", "->")),
        dates=dates, values=values, when_missing=when_missing,
        description=str(data.get("description", "")), builtin=builtin, source=source,
    )


def load_profile(path: Path, builtin: bool = False) -> Profile:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    return parse_profile(data, Path(path).stem, str(path), builtin)


def builtin_profiles() -> dict[str, Profile]:
    return {p.stem: load_profile(p, builtin=True) for p in sorted(BUILTIN_DIR.glob("*.toml"))}


def resolve(name_or_path: str) -> Profile:
    """A built-in profile by name, or a profile file by path."""
    builtins = builtin_profiles()
    if name_or_path in builtins:
        return builtins[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.exists():
            raise ProfileError(f"{name_or_path}: profile file not found")
        return load_profile(path)
    raise ProfileError(f"{name_or_path}: no such built-in profile (built-in: {', '.join(builtins)})")


# --------------------------------------------------------------------------- matching files
def known_header_keys(kind: str | None = None, profile: Profile | None = None) -> set[str]:
    """Every header text that marks a header row, for header detection."""
    if profile is not None:
        keys = {header_key(h) for h in profile.columns.values()}
        keys |= {header_key(s) for f in KINDS[profile.kind].fields for s in f.synonyms}
        return keys
    keys: set[str] = set()
    for p in builtin_profiles().values():
        if kind is None or p.kind == kind:
            keys |= {header_key(h) for h in p.columns.values()}
    for k in KINDS.values():
        if kind is None or k.name == kind:
            keys |= {header_key(s) for f in k.fields for s in f.synonyms}
    return keys


def header_scorer(keys: set[str]):
    def score(cells: list[str]) -> int:
        return sum(1 for c in cells if c and header_key(c) in keys)

    return score


def match_builtin(headers: list[str], kind: str | None = None) -> tuple[Profile | None, float, list[str]]:
    """The built-in profile whose columns best cover the headers: (profile, share present, missing)."""
    present = {header_key(h) for h in headers if h}
    best: tuple[Profile | None, float, list[str]] = (None, 0.0, [])
    for p in builtin_profiles().values():
        if kind and p.kind != kind:
            continue
        wanted = list(p.columns.values())
        missing = [h for h in wanted if header_key(h) not in present]
        share = 1 - len(missing) / max(len(wanted), 1)
        better = share > best[1] or (share == best[1] and best[0] is not None and len(wanted) > len(best[0].columns))
        if better:
            best = (p, share, missing)
    return best


def auto_profile(headers: list[str], kind: str | None = None) -> tuple[Profile, list[tuple[str, str]], list[str]]:
    """Map columns by synonyms. Returns (profile, [(header, field)], ignored headers)."""
    candidates = [KINDS[kind]] if kind else [k for k in KINDS.values()]
    best = None
    for k in candidates:
        mapping = _map_by_synonyms(headers, k)
        fields = set(mapping.values())
        required_ok = sum(1 for f in k.fields if f.required and f.name in fields)
        score = (required_ok == sum(1 for f in k.fields if f.required), len(fields))
        if best is None or score > best[0]:
            best = (score, k, mapping)
    assert best is not None
    _, k, mapping = best
    columns = {f: h for h, f in mapping.items()}
    prof = Profile(name=f"auto:{k.name}", kind=k.name, columns=columns)
    pairs = [(h, mapping[h]) for h in headers if h in mapping]
    ignored = [h for h in headers if h and h not in mapping]
    return prof, pairs, ignored


def _map_by_synonyms(headers: list[str], kind) -> dict[str, str]:
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    # Exact canonical names and earlier synonyms win: go through fields in synonym order.
    for rank in range(max(len(f.synonyms) for f in kind.fields)):
        for f in kind.fields:
            if f.name in taken or rank >= len(f.synonyms):
                continue
            syn = header_key(f.synonyms[rank])
            for h in headers:
                if h and h not in mapping and header_key(h) == syn:
                    mapping[h] = f.name
                    taken.add(f.name)
                    break
    return mapping
