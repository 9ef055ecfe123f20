"""Build `agencies_haiphong.csv`, the reference registry of Hải Phòng's agencies 2023 → 2025+.

Run from the repository root:  python -m data_loaders.reference.build_agencies
(or `python data_loaders/reference/build_agencies.py`). The output is deterministic: running it
twice gives the same bytes, so the committed CSV can be checked against this script.

Inputs (all in this folder or the test fixtures):
  * tests/fixtures/don_vi.csv — the registry of the sample exports. Every row is copied
    UNCHANGED (code, name, kind, parent, aliases, mã định danh) so the sample exports import onto
    a database built from this registry. Its communes (303.01 …) are invented names; they get
    the same validity as the real communes but no lineage (there is none to know).
  * hai_phong_units_2025.tsv — the 114 commune-level units from 1/7/2025 (official 5-digit codes).
  * hai_phong_units_2025_lineage.tsv — each new unit → the old district(s) and old communes.

Output columns: code,name,kind,parent_code,aliases,ma_dinh_danh,valid_from,valid_to,successors
(UTF-8 with BOM, comma, CRLF like don_vi.csv; aliases and successors separated by "|", a
successor suffixed "(partial)" when only part of the predecessor went to it).

Choices, and what is uncertain (kept here so a reviewer can check them against the sources):
  * Old communes are those named by the lineage file, i.e. the structure in force in the first
    half of 2025 — AFTER the 1/1/2025 commune mergers (NQ 1232/NQ-UBTVQH15, 2024). Communes that
    disappeared on 1/1/2025 are not listed (the lineage file does not name them); valid_from is
    left open for all old units. Only the 15 districts of old Hải Phòng are included, not Hải
    Dương's: the Hải Dương-derived new units therefore have no predecessor here.
  * "Thị trấn" keeps its own kind `thị trấn` (truthful; the schema's kind is free text).
  * Thủy Nguyên became a city and An Dương a quận on 1/1/2025; the sample rows 311/312 say
    "Huyện …" and must stay unchanged, so that change is only noted here.
  * The lineage file lists old communes per new unit but not each commune's old district when a
    new unit straddles two districts: COMMUNE_DISTRICT below assigns those by hand from the
    general knowledge of the 2024–2025 boundaries — UNCERTAIN, spot-check before relying on it.
  * A name used by two units (an old ward and the new ward that took its name, or two old
    communes of different districts) cannot be one alias for both (agency_alias keys are
    unique), so the OLD unit's name is qualified with its district: "Phường Gia Viên (Ngô Quyền)",
    with aliases "UBND phường Gia Viên, quận Ngô Quyền" etc.
  * Mã định danh: only the sample rows have one; we do not know the official ids of the other
    units and leave them empty rather than invent them.
  * Department mergers from 1/3/2025 (Hải Phòng city resolutions of February 2025 implementing
    the national restructuring, Decree 45/2025/NĐ-CP): see DEPT_MERGERS for each line's certainty.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DON_VI = REPO / "tests" / "fixtures" / "don_vi.csv"
UNITS = HERE / "hai_phong_units_2025.tsv"
LINEAGE = HERE / "hai_phong_units_2025_lineage.tsv"
OUT = HERE / "agencies_haiphong.csv"

HEADER = ["code", "name", "kind", "parent_code", "aliases", "ma_dinh_danh", "valid_from", "valid_to", "successors"]
OLD_END = "2025-06-30"  # districts abolished, communes reorganised on 1/7/2025
NEW_START = "2025-07-01"
DEPT_END = "2025-02-28"  # Hải Phòng's department mergers took effect on 1/3/2025
DEPT_START = "2025-03-01"

# District names as the lineage file spells them (2025 status) → GSO code of reference/README.md.
DISTRICT_CODES = {
    "Quận Hồng Bàng": "303", "Quận Ngô Quyền": "304", "Quận Lê Chân": "305", "Quận Hải An": "306",
    "Quận Kiến An": "307", "Quận Đồ Sơn": "308", "Quận Dương Kinh": "309",
    "Thành phố Thuỷ Nguyên": "311", "Quận An Dương": "312", "Huyện An Lão": "313",
    "Huyện Kiến Thuỵ": "314", "Huyện Tiên Lãng": "315", "Huyện Vĩnh Bảo": "316",
    "Huyện Cát Hải": "317", "Huyện Bạch Long Vĩ": "318",
}
# Short district names, used to qualify an old commune whose name is used twice.
DISTRICT_SHORT = {
    "303": "Hồng Bàng", "304": "Ngô Quyền", "305": "Lê Chân", "306": "Hải An", "307": "Kiến An",
    "308": "Đồ Sơn", "309": "Dương Kinh", "311": "Thủy Nguyên", "312": "An Dương", "313": "An Lão",
    "314": "Kiến Thụy", "315": "Tiên Lãng", "316": "Vĩnh Bảo", "317": "Cát Hải", "318": "Bạch Long Vĩ",
}
# Word before the district name in 2025 (Thủy Nguyên a city, An Dương a quận since 1/1/2025).
DISTRICT_WORD = {"303": "quận", "304": "quận", "305": "quận", "306": "quận", "307": "quận", "308": "quận",
                 "309": "quận", "311": "thành phố", "312": "quận", "313": "huyện", "314": "huyện",
                 "315": "huyện", "316": "huyện", "317": "huyện", "318": "huyện"}

# Old communes of new units that straddle two districts: (new unit, old commune) → district.
# UNCERTAIN (hand-assigned, see the module docstring). The 1/1/2025 boundary changes moved An
# Hưng, An Hồng and Đại Bản from An Dương to Hồng Bàng — as we understand NQ 1232/NQ-UBTVQH15.
COMMUNE_DISTRICT = {
    ("11311", "Phường Gia Viên"): "304",
    ("11383", "Phường Cầu Đất"): "304", ("11383", "Phường Lạch Tray"): "304",
    ("11446", "Thị trấn Trường Sơn"): "313",
    ("11455", "Phường Tân Thành"): "309",
    ("11581", "Phường An Hưng"): "303",
    ("11593", "Phường Đại Bản"): "303",
    ("11602", "Phường Quán Toan"): "303", ("11602", "Phường Đại Bản"): "303",
    ("11602", "Phường An Hưng"): "303", ("11602", "Phường An Hồng"): "303",
}
# Default district of the communes of a straddling unit not listed above.
STRADDLE_DEFAULT = {"11311": "303", "11383": "305", "11446": "307", "11455": "308",
                    "11581": "312", "11593": "312", "11602": "312"}

# New departments created on 1/3/2025 by merging old ones.
NEW_DEPTS = [
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "sở",
     ["Sở NN&MT", "Sở NNMT", "Sở Nông nghiệp & Môi trường", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
      "Sở Nông nghiệp và Môi trường Hải Phòng"]),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "sở",
     ["Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa Thể thao và Du lịch", "Sở VHTTDL", "Sở VH,TT&DL",
      "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch Hải Phòng"]),
]
# Old department → successors (first = the main one, which takes the bulk of the work).
DEPT_MERGERS = {
    # Certain: the national model merges Planning & Investment into Finance.
    "SKHDT": ["STC"],
    # Certain for the main part (labour, wages, social insurance, people with merit → Nội vụ;
    # social protection, children, social evils → Y tế); vocational education → Giáo dục và
    # Đào tạo is the national model too, its exact extent in Hải Phòng is UNCERTAIN.
    "SLDTBXH": ["SNV(partial)", "SYT(partial)", "SGDDT(partial)"],
    # Certain: Transport merged into Construction.
    "SGTVT": ["SXD"],
    # Certain: Natural Resources & Environment + Agriculture & Rural Development → Agriculture & Environment.
    "STNMT": ["SNNMT"],
    "SNNPTNT": ["SNNMT"],
    # Certain: Information & Communications into Science & Technology; press, publishing and
    # broadcasting went to Culture, Sports & Tourism (national model; share UNCERTAIN).
    "STTTT": ["SKHCN(partial)", "SVHTTDL(partial)"],
    # Certain: Tourism + Culture & Sports → Culture, Sports & Tourism.
    "SVHTT": ["SVHTTDL"],
    "SDL": ["SVHTTDL"],
}
# Kept unchanged (UNCERTAIN for Sở Ngoại vụ: many provinces moved foreign affairs into the
# Văn phòng UBND in 2025; we believe Hải Phòng kept its Sở Ngoại vụ — check before relying on it).
# The 1/7/2025 merger with Hải Dương folded Hải Dương's departments into Hải Phòng's namesakes,
# which changes no code here.

# Tone placement of the old orthography (hoà, thuỷ), used by exports and by the lineage file.
_OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé",
              "ủy": "uỷ", "ùy": "uỳ", "úy": "uý", "ụy": "uỵ", "ũy": "uỹ"}
_NEW_TONES = {v: k for k, v in _OLD_TONES.items()}


def _swap(text: str, table: dict[str, str]) -> str:
    """Move the tone mark, only where the syllable ends after the vowel pair ("hoà", not "hoàng")."""
    for a, b in table.items():
        for x, y in ((a, b), (a.upper(), b.upper()), (a[0].upper() + a[1:], b[0].upper() + b[1:])):
            text = re.sub(re.escape(x) + r"(?!\w)", y, text)
    return text


def modern_tones(name: str) -> str:
    """'Phường Đồng Hoà' → 'Phường Đồng Hòa' (the orthography of official documents since 2018)."""
    return _swap(unicodedata.normalize("NFC", name), _NEW_TONES)


def old_tones(name: str) -> str:
    """'Phường Đồng Hòa' → 'Phường Đồng Hoà': a spelling exports still use."""
    return _swap(name, _OLD_TONES)


def split_kind(name: str) -> tuple[str, str]:
    """'Thị trấn Cát Bà' → ('thị trấn', 'Cát Bà')."""
    for word in ("Thị trấn", "Phường", "Xã", "Đặc khu", "Huyện"):
        if name.startswith(word + " "):
            return word.lower(), name[len(word) + 1:]
    raise ValueError(f"unknown unit kind in {name!r}")


_ABBREV = {"phường": "P.", "xã": "X.", "thị trấn": "TT.", "đặc khu": "ĐK", "huyện": "H."}


def unit_aliases(kind: str, bare: str, qualifier: str | None = None, district: str = "") -> list[str]:
    """Aliases in the style of don_vi.csv: 'UBND phường X', 'P. X', 'UBND P. X', 'UBND PHƯỜNG X'.

    `qualifier` ("quận Ngô Quyền") is appended to every alias of an old unit whose plain name is
    taken by another unit, the way exports disambiguate ("UBND phường Gia Viên, quận Ngô Quyền").
    """
    ab = _ABBREV[kind]
    q = f", {qualifier}" if qualifier else ""
    forms = [f"UBND {kind} {bare}{q}", f"{ab} {bare}{q}", f"UBND {ab} {bare}{q}", f"UBND {kind} {bare}{q}".upper()]
    if kind == "đặc khu":
        forms.append(f"Đặc khu {bare}".upper())
    if old_tones(bare) != bare:
        forms += [f"{kind.capitalize()} {old_tones(bare)}{q}", f"UBND {kind} {old_tones(bare)}{q}"]
    if qualifier:
        forms.append(f"{kind.capitalize()} {bare} - {district}")
    return forms


def read_don_vi() -> list[dict]:
    with DON_VI.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh]
    return rows[1:]


_PART = re.compile(r"^(.*)\((full|partial)\)$")


def parse_lineage() -> dict[str, dict]:
    """new code → {'districts': [codes], 'communes': [(name, share)]} for old-Hải Phòng units only."""
    out = {}
    for code, _name, districts, communes in read_tsv(LINEAGE):
        hp = [d.split("/", 1)[1].strip() for d in districts.split(";") if d.strip().startswith("TP Hải Phòng/")]
        if not hp:
            continue
        parts = []
        for item in communes.split(";"):
            m = _PART.match(item.strip())
            parts.append((m.group(1).strip(), m.group(2)))
        out[code] = {"districts": [DISTRICT_CODES[d] for d in hp], "communes": parts}
    return out


def commune_district(new_code: str, districts: list[str], commune: str) -> str:
    if len(districts) == 1:
        return districts[0]
    return COMMUNE_DISTRICT.get((new_code, commune), STRADDLE_DEFAULT[new_code])


def build_rows() -> list[dict]:
    sample = read_don_vi()
    units = read_tsv(UNITS)
    lineage = parse_lineage()
    rows: list[dict] = []

    # 1. Sample rows, unchanged, plus validity and successors.
    by_code = {}
    for r in sample:
        row = {k: r[k] for k in ("code", "name", "kind", "parent_code", "aliases", "ma_dinh_danh")}
        row.update(valid_from="", valid_to="", successors="")
        if row["code"] in DEPT_MERGERS:
            row["valid_to"] = DEPT_END
            row["successors"] = "|".join(DEPT_MERGERS[row["code"]])
        if row["kind"] in ("quận", "huyện", "phường", "xã", "thị trấn"):
            row["valid_to"] = OLD_END
        rows.append(row)
        by_code[row["code"]] = row

    # 2. New departments.
    for code, name, kind, aliases in NEW_DEPTS:
        row = dict(code=code, name=name, kind=kind, parent_code="", aliases="|".join(aliases),
                   ma_dinh_danh="", valid_from=DEPT_START, valid_to="", successors="")
        rows.append(row)
        by_code[code] = row

    # 3. Old communes named by the lineage file: (district, name) → successors.
    old: dict[tuple[str, str], list[tuple[str, str]]] = {}
    district_succ: dict[str, list[str]] = {}
    for new_code, info in lineage.items():
        for d in info["districts"]:
            district_succ.setdefault(d, []).append(new_code)
        for commune, share in info["communes"]:
            if commune.startswith("Huyện "):  # Bạch Long Vĩ: a district without communes
                continue
            d = commune_district(new_code, info["districts"], commune)
            old.setdefault((d, modern_tones(commune)), []).append((new_code, share))

    new_names = {modern_tones(name) for _stt, _code, name in units}
    sample_by_name = {(r["parent_code"], r["name"]): r for r in sample if r["parent_code"]}
    plain_count: dict[str, int] = {}
    for (_d, name) in old:
        plain_count[name] = plain_count.get(name, 0) + 1
    sample_names = {r["name"] for r in sample}
    next_nn = {}
    for r in sample:
        if r["parent_code"]:
            nn = int(r["code"].split(".")[1])
            next_nn[r["parent_code"]] = max(next_nn.get(r["parent_code"], 0), nn)

    for (d, name) in sorted(old, key=lambda k: (k[0], k[1])):
        succ = "|".join(c if s == "full" else f"{c}(partial)" for c, s in old[(d, name)])
        if (d, name) in sample_by_name:  # a real commune the samples already name (Xã Tân Hưng)
            by_code[sample_by_name[(d, name)]["code"]]["successors"] = succ
            continue
        kind, bare = split_kind(name)
        clash = name in new_names or plain_count[name] > 1 or name in sample_names
        qualifier = f"{DISTRICT_WORD[d]} {DISTRICT_SHORT[d]}" if clash else None
        next_nn[d] = next_nn.get(d, 0) + 1
        rows.append(dict(
            code=f"{d}.{next_nn[d]:02d}",
            name=f"{name} ({DISTRICT_SHORT[d]})" if clash else name,
            kind=kind, parent_code=d, aliases="|".join(unit_aliases(kind, bare, qualifier, DISTRICT_SHORT[d])),
            ma_dinh_danh="", valid_from="", valid_to=OLD_END, successors=succ,
        ))

    # 4. Districts → the new units formed (wholly or partly) from them.
    for d, codes in district_succ.items():
        codes = sorted(set(codes))
        share = "" if len(codes) == 1 else "(partial)"
        by_code[d]["successors"] = "|".join(c + share for c in codes)

    # 5. The 114 units from 1/7/2025.
    for _stt, code, raw in units:
        name = modern_tones(raw)
        kind, bare = split_kind(name)
        rows.append(dict(code=code, name=name, kind=kind, parent_code="",
                         aliases="|".join(unit_aliases(kind, bare)), ma_dinh_danh="",
                         valid_from=NEW_START, valid_to="", successors=""))
    return rows


def render(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def main() -> None:
    rows = build_rows()
    OUT.write_bytes(render(rows))
    print(f"wrote {OUT.relative_to(REPO)} ({len(rows)} agencies)")


if __name__ == "__main__":
    main()
