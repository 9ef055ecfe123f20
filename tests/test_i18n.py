"""Number, percentage and date formats in Vietnamese and English; every string in both languages."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from dashboard.i18n import STRINGS, fmt_date, fmt_month, fmt_number, fmt_pct, fmt_value, t


@pytest.mark.parametrize("x, decimals, lang, expected", [
    (1234.5, 1, "vi", "1.234,5"),
    (1234.5, 1, "en", "1,234.5"),
    (1234567, 0, "vi", "1.234.567"),
    (1234567, 0, "en", "1,234,567"),
    (0, 0, "vi", "0"),
    (-0.04, 1, "vi", "0,0"),          # no negative zero after rounding
    (-1234.56, 2, "vi", "-1.234,56"),
    (None, 0, "vi", "—"),
    (float("nan"), 1, "en", "—"),
])
def test_fmt_number(x, decimals, lang, expected):
    assert fmt_number(x, decimals, lang) == expected


def test_fmt_number_pandas_na():
    import pandas as pd

    assert fmt_number(pd.NA) == "—"


@pytest.mark.parametrize("x, lang, expected", [
    (90.48, "vi", "90,5 %"), (90.48, "en", "90.5%"), (100, "vi", "100,0 %"), (None, "vi", "—"),
])
def test_fmt_pct(x, lang, expected):
    assert fmt_pct(x, 1, lang) == expected


@pytest.mark.parametrize("d, expected", [
    (dt.date(2026, 11, 5), "05/11/2026"), ("2026-01-31", "31/01/2026"),
    (dt.datetime(2025, 7, 1, 8, 30), "01/07/2025"), (None, "—"),
])
def test_fmt_date_is_dd_mm_yyyy_in_both_languages(d, expected):
    assert fmt_date(d) == expected


def test_fmt_month_and_value():
    assert fmt_month("2026-03") == "03/2026"
    assert fmt_value(1500000, "VND", "vi") == "1.500.000 ₫"
    assert fmt_value(20, "%", "vi", decimals=0) == "20 %"
    assert fmt_value(297, "việc", "en") == "297"


def test_t_languages_and_fallbacks():
    assert t("page_overview", "vi") == "Tổng quan"
    assert t("page_overview", "en") == "Overview"
    assert t("page_overview", "fr") == "Tổng quan"  # unknown language → Vietnamese
    assert t("no_such_key", "vi") == "no_such_key"   # a typo shows, it does not crash
    assert t("ctx_as_of", "vi", date="15/11/2026") == "Số liệu tính đến hết ngày 15/11/2026"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_both_languages_in_nfc(key):
    vi, en = STRINGS[key]
    assert vi and en
    assert unicodedata.normalize("NFC", vi) == vi
    # same placeholders in both languages, so formatting never fails in one of them
    import string

    names = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    assert names(vi) == names(en)


def test_page_titles_have_diacritics():
    titles = [t(k, "vi") for k in ("page_overview", "page_tasks", "page_dossiers", "page_petitions",
                                    "page_consultations", "page_agency", "page_data")]
    assert titles == ["Tổng quan", "Nhiệm vụ", "Hồ sơ TTHC", "Phản ánh kiến nghị", "Xin ý kiến & TTHC nội bộ",
                      "Đơn vị", "Dữ liệu"]
