"""Filters: the URL allow-list, the query string written back, the previous period, the words,
and the agency codes a filter turns into. Table-driven."""
from __future__ import annotations

import datetime as dt

import pytest

from dashboard.filters import Filters, descendants, level_of, locality_codes, parse_day, scope_codes

D = dt.date
DEFAULT = D(2026, 11, 15)


@pytest.mark.parametrize("params, expected", [
    ({}, Filters(DEFAULT)),
    ({"as_of": "2026-10-31"}, Filters(D(2026, 10, 31))),
    ({"as_of": "31/10/2026"}, Filters(D(2026, 10, 31))),
    ({"as_of": ["2026-01-01", "2026-10-31"]}, Filters(D(2026, 10, 31))),  # repeated key: the last wins
    ({"as_of": "yesterday"}, Filters(DEFAULT)),                            # invalid → default
    ({"as_of": "2026-02-30"}, Filters(DEFAULT)),
    ({"from": "2026-10-01", "to": "2026-10-31"}, Filters(DEFAULT, D(2026, 10, 1), D(2026, 10, 31))),
    ({"from": "2026-11-01", "to": "2026-10-01"}, Filters(DEFAULT)),        # upside down: dropped whole
    ({"from": "2026-12-01"}, Filters(DEFAULT)),                            # starts after the as-of day
    ({"to": "2027-01-31"}, Filters(DEFAULT, None, DEFAULT)),                # ends after as-of: capped
    ({"agency_kind": "district"}, Filters(DEFAULT, agency_kind="district")),
    ({"agency_kind": "province"}, Filters(DEFAULT)),
    ({"agency": "305.02"}, Filters(DEFAULT, agency="305.02")),
    ({"agency": "SXD' OR 1=1 --"}, Filters(DEFAULT)),
    ({"locality": "11311"}, Filters(DEFAULT, locality="11311")),
    ({"field": " Hộ tịch "}, Filters(DEFAULT, field="Hộ tịch")),
    ({"field": "x" * 500}, Filters(DEFAULT, field="x" * 200)),
    ({"lang": "en"}, Filters(DEFAULT, lang="en")),
    ({"lang": "fr"}, Filters(DEFAULT)),
    ({"evil": "1", "__class__": "x"}, Filters(DEFAULT)),                   # unknown keys ignored
])
def test_from_query(params, expected):
    assert Filters.from_query(params, DEFAULT) == expected


@pytest.mark.parametrize("f, default, expected", [
    (Filters(DEFAULT), None, {"as_of": "2026-11-15"}),
    (Filters(DEFAULT), DEFAULT, {}),
    (Filters(DEFAULT, D(2026, 10, 1), D(2026, 10, 31), "commune", "303", "303.01", "Hộ tịch", "en"), DEFAULT,
     {"lang": "en", "from": "2026-10-01", "to": "2026-10-31", "agency_kind": "commune", "agency": "303",
      "locality": "303.01", "field": "Hộ tịch"}),
])
def test_to_query_writes_only_what_is_set(f, default, expected):
    assert f.to_query(default) == expected


@pytest.mark.parametrize("f", [
    Filters(DEFAULT),
    Filters(D(2025, 6, 30), D(2025, 1, 1), D(2025, 6, 30), "district", "303", "303.02", "Đất đai", "en"),
])
def test_round_trip(f):
    assert Filters.from_query(f.to_query(), DEFAULT) == f


@pytest.mark.parametrize("f, expected", [
    (Filters(D(2026, 11, 15)), Filters(D(2026, 10, 15))),
    (Filters(D(2026, 3, 31)), Filters(D(2026, 2, 28))),
    (Filters(D(2026, 1, 10)), Filters(D(2025, 12, 10))),
    (Filters(DEFAULT, D(2026, 10, 1), D(2026, 10, 31)), Filters(D(2026, 9, 30), D(2026, 8, 31), D(2026, 9, 30))),
    (Filters(DEFAULT, D(2026, 11, 1)), Filters(D(2026, 10, 31), D(2026, 10, 17), D(2026, 10, 31))),
])
def test_previous_period(f, expected):
    assert f.previous() == expected


@pytest.mark.parametrize("f, expected", [
    (Filters(DEFAULT), "Số liệu tính đến hết ngày 15/11/2026 · toàn thành phố"),
    (Filters(DEFAULT, lang="en"), "Figures as of the end of 15/11/2026 · whole city"),
    (Filters(DEFAULT, D(2026, 10, 1), D(2026, 10, 31), agency="303"),
     "Số liệu tính đến hết ngày 15/11/2026 · kỳ từ 01/10/2026 đến 31/10/2026 · "
     "đơn vị: Quận Hồng Bàng (gồm các đơn vị trực thuộc)"),
    (Filters(DEFAULT, agency_kind="commune", locality="303", field="Hộ tịch"),
     "Số liệu tính đến hết ngày 15/11/2026 · loại đơn vị: UBND xã, phường, đặc khu · "
     "địa bàn: Quận Hồng Bàng · lĩnh vực: Hộ tịch"),
    (Filters(DEFAULT, agency="ZZZ", lang="en"),
     "Figures as of the end of 15/11/2026 · agency: ZZZ (with its sub-units)"),
])
def test_describe(f, expected):
    assert f.describe({"303": "Quận Hồng Bàng"}) == expected


ROWS = [("SXD", "sở", None), ("BQLKKT", "ban", None), ("303", "quận", None), ("303.01", "phường", "303"),
        ("303.02", "phường", "303"), ("313", "huyện", None), ("313.01", "xã", "313"),
        ("11311", "phường", None), ("LOOP", "xã", "LOOP")]


@pytest.mark.parametrize("f, expected", [
    (Filters(DEFAULT), None),
    (Filters(DEFAULT, agency="SXD"), {"SXD"}),
    (Filters(DEFAULT, agency="303"), {"303", "303.01", "303.02"}),           # a district rolls up its communes
    (Filters(DEFAULT, agency="303.01"), {"303.01"}),
    (Filters(DEFAULT, agency_kind="department"), {"SXD", "BQLKKT"}),
    (Filters(DEFAULT, agency_kind="district"), {"303", "313"}),
    (Filters(DEFAULT, agency_kind="commune"), {"303.01", "303.02", "313.01", "11311", "LOOP"}),
    (Filters(DEFAULT, agency_kind="commune", agency="303"), {"303.01", "303.02"}),
    (Filters(DEFAULT, agency_kind="district", agency="SXD"), set()),          # sees nothing, not everything
    (Filters(DEFAULT, agency="LOOP"), {"LOOP"}),                             # a cycle in the registry ends
])
def test_scope_codes(f, expected):
    got = scope_codes(f, ROWS)
    assert (got is None and expected is None) or got == frozenset(expected)


def test_locality_codes():
    assert locality_codes(Filters(DEFAULT), ROWS) is None
    assert locality_codes(Filters(DEFAULT, locality="313"), ROWS) == {"313", "313.01"}


@pytest.mark.parametrize("kind, level", [("sở", "department"), ("Ban", "department"), ("quận", "district"),
                                         ("huyện", "district"), ("thị xã", "district"), ("phường", "commune"),
                                         ("xã", "commune"), ("thị trấn", "commune"), ("đặc khu", "commune"),
                                         ("đơn vị sự nghiệp", None), (None, None)])
def test_level_of(kind, level):
    assert level_of(kind) == level


@pytest.mark.parametrize("text, expected", [("2026-11-15", D(2026, 11, 15)), ("15/11/2026", D(2026, 11, 15)),
                                            ("", None), ("15-11-2026", None), (None, None)])
def test_parse_day(text, expected):
    assert parse_day(text) == expected


def test_descendants_of_unknown_code_is_itself():
    assert descendants("NOPE", ROWS) == {"NOPE"}
