"""The reference registry agencies_haiphong.csv: complete, consistent, and reproducible."""
from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

REF = Path(__file__).resolve().parent.parent / "data_loaders" / "reference"
FIXTURES = Path(__file__).parent / "fixtures"
HEADER = ["code", "name", "kind", "parent_code", "aliases", "ma_dinh_danh", "valid_from", "valid_to", "successors"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    return _read(REF / "agencies_haiphong.csv")


@pytest.fixture(scope="module")
def by_code(registry) -> dict[str, dict]:
    return {r["code"]: r for r in registry}


def test_file_format():
    raw = (REF / "agencies_haiphong.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    first = raw[3:].split(b"\r\n", 1)[0].decode()
    assert first.split(",") == HEADER


def test_no_duplicate_code(registry):
    codes = [r["code"] for r in registry]
    assert len(codes) == len(set(codes))


def test_every_sample_row_is_present_unchanged(by_code):
    for row in _read(FIXTURES / "don_vi.csv"):
        got = by_code.get(row["code"])
        assert got is not None, row["code"]
        for col in ("name", "kind", "parent_code", "aliases", "ma_dinh_danh"):
            assert got[col] == row[col], (row["code"], col)


def test_the_114_units_of_2025(registry):
    with (REF / "hai_phong_units_2025.tsv").open(encoding="utf-8") as fh:
        tsv_codes = {line.split("\t")[1] for line in list(fh)[1:]}
    new = [r for r in registry if r["valid_from"] == "2025-07-01"]
    assert len(tsv_codes) == 114
    assert {r["code"] for r in new} == tsv_codes
    assert {r["kind"] for r in new} == {"phường", "xã", "đặc khu"}
    assert sum(r["kind"] == "đặc khu" for r in new) == 2
    assert all(not r["valid_to"] and not r["successors"] for r in new)


def test_successors_exist_and_parse(by_code):
    for r in by_code.values():
        for item in filter(None, r["successors"].split("|")):
            m = re.fullmatch(r"([^()|]+?)(\(partial\))?", item)
            assert m, (r["code"], item)
            assert m.group(1) in by_code, (r["code"], item)
            succ = by_code[m.group(1)]
            # only an ended unit has successors; a new successor starts after it ends, an absorbing one
            # (Sở Tài chính taking in Sở Kế hoạch và Đầu tư) was already there and goes on
            assert r["valid_to"], (r["code"], item)
            assert not succ["valid_to"] and (not succ["valid_from"] or succ["valid_from"] > r["valid_to"]), item


def test_dates_and_kinds(registry, by_code):
    for r in registry:
        for col in ("valid_from", "valid_to"):
            assert not r[col] or DATE.match(r[col]), (r["code"], col, r[col])
        if r["parent_code"]:
            assert r["parent_code"] in by_code, r["code"]
    districts = [r for r in registry if r["kind"] in ("quận", "huyện")]
    assert sorted(r["code"] for r in districts) == [str(c) for c in (303, 304, 305, 306, 307, 308, 309, 311, 312,
                                                                      313, 314, 315, 316, 317, 318)]
    assert all(r["valid_to"] == "2025-06-30" and r["successors"] for r in districts)
    old_communes = [r for r in registry if r["parent_code"] in {d["code"] for d in districts}]
    assert len(old_communes) > 150
    assert all(r["valid_to"] == "2025-06-30" for r in old_communes)
    assert all(re.fullmatch(r"3\d\d\.\d\d", r["code"]) for r in old_communes)


def test_department_mergers_of_2025(by_code):
    assert by_code["SKHDT"]["successors"] == "STC"
    assert by_code["SGTVT"]["successors"] == "SXD"
    assert by_code["STNMT"]["successors"] == by_code["SNNPTNT"]["successors"] == "SNNMT"
    assert by_code["SDL"]["successors"] == by_code["SVHTT"]["successors"] == "SVHTTDL"
    assert by_code["SLDTBXH"]["successors"].startswith("SNV(partial)")
    assert by_code["STTTT"]["successors"].startswith("SKHCN")
    for code in ("SKHDT", "SGTVT", "STNMT", "SNNPTNT", "SDL", "SVHTT", "SLDTBXH", "STTTT"):
        assert by_code[code]["valid_to"] == "2025-02-28"
    for code in ("SNNMT", "SVHTTDL"):
        assert by_code[code]["valid_from"] == "2025-03-01" and not by_code[code]["valid_to"]
    for code in ("STC", "SNV", "SXD", "SKHCN", "SYT", "VPUB"):
        assert not by_code[code]["valid_to"]


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def test_names_and_aliases_are_unambiguous(registry):
    """One spelling, one agency: agency_alias keys are unique, even across periods."""
    seen: dict[str, str] = {}
    for r in registry:
        for spelling in [r["name"], *filter(None, r["aliases"].split("|"))]:
            k = _key(spelling)
            assert seen.setdefault(k, r["code"]) == r["code"], (spelling, seen[k], r["code"])


def test_build_script_reproduces_the_committed_file():
    from data_loaders.reference import build_agencies

    assert build_agencies.render(build_agencies.build_rows()) == (REF / "agencies_haiphong.csv").read_bytes()
