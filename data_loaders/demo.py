"""A seeded generator of realistic Hải Phòng oversight data, loaded through the real importer.

`build_demo(engine)` writes export files in the layouts of the sample exports (one-stop xlsx
with its title block and "Tổng cộng" footer, OpenCPS csv, tasks xlsx, petitions xlsx,
consultations csv, internal procedures xlsx) and imports them with `importer.import_file`,
after the reference registry `reference/agencies_haiphong.csv`. Going through files rather than
inserting rows directly is the point: the demo database is exactly what a City Office user
would get from real exports, and every run exercises the importer end to end.

Realism, and why each piece is there:
  * agencies are those valid on the record's date — old districts/communes and the
    pre-merger departments before the 2025 reorganisation, the 114 new units and merged
    departments after — so the dashboard's lineage roll-up has something to do;
  * agency names are spelled the way exports spell them (aliases, upper case, trailing spaces),
    so the alias matching is exercised;
  * a few agencies are clearly bad, most are good; Tết and year-end change volume and lateness,
    and the months after 1/7/2025 are harder (new units finding their feet);
  * deadlines are counted in working days (weekends and holidays.VN skipped);
  * personal-data columns hold invented names and phone numbers only.

Everything is drawn from numpy generators seeded by (seed, kind): the same seed gives the
same files byte for byte (the xlsx writer below fixes zip timestamps for that reason).
No Streamlit import here: this module is also used from the command line and the tests.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

REGISTRY = Path(__file__).resolve().parent / "reference" / "agencies_haiphong.csv"
START = dt.date(2024, 1, 1)
DEPT_SWITCH = dt.date(2025, 3, 1)  # department mergers
UNIT_SWITCH = dt.date(2025, 7, 1)  # districts abolished, new communes
# Volumes at scale 1.0. Measured on the 2-core reference machine, generation + import of all of
# it takes ~12 s on SQLite and ~16 s on PostgreSQL (budget: 40 s), so nothing had to be cut.
VOLUMES = {"dossiers": 60_000, "tasks": 3_000, "petitions": 10_000, "consultations": 2_500,
           "internal_procedures": 500}
MOTCUA_SHARE = 0.6  # local units' one-stop system; the rest are departments' OpenCPS dossiers
TET = {2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17),
       2027: dt.date(2027, 2, 6), 2028: dt.date(2028, 1, 26)}

Progress = Callable[[str, float], None]


# =========================================================================== calendar
class Calendar:
    """Working days (Mon–Fri minus holidays.VN), as a numpy busdaycalendar.

    Same rule as workdays.WorkCalendar without overrides (a test checks they agree); kept here
    because the generator also needs numpy's forward roll and a plain busdaycalendar.

    numpy's busday_offset(roll="backward") is exactly the rule of truth.json: the N-th working
    day strictly after the base day, a non-working base day counting as the preceding one.
    """

    def __init__(self, first_year: int = 2023, last_year: int = 2029):
        import holidays

        days = sorted(holidays.VN(years=range(first_year, last_year + 1)).keys())
        self.cal = np.busdaycalendar(holidays=np.array(days, dtype="datetime64[D]"))

    def add(self, days, n):
        return np.busday_offset(np.asarray(days, dtype="datetime64[D]"), n, roll="backward", busdaycal=self.cal)

    def is_workday(self, days):
        return np.is_busday(np.asarray(days, dtype="datetime64[D]"), busdaycal=self.cal)

    def count(self, a, b):
        """Working days d with a < d <= b."""
        a = np.asarray(a, dtype="datetime64[D]") + 1
        b = np.asarray(b, dtype="datetime64[D]") + 1
        return np.where(b > a, np.busday_count(a, np.maximum(a, b), busdaycal=self.cal), 0)


# =========================================================================== agencies
@dataclass
class Agency:
    code: str
    name: str
    kind: str
    parent: str
    spellings: list[str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    successors: list[str]
    official_id: str

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day <= self.valid_to)


def _date_or_none(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load_registry(path: Path = REGISTRY) -> dict[str, Agency]:
    out = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            succ = [s.replace("(partial)", "").strip() for s in r["successors"].split("|") if s]
            out[r["code"]] = Agency(
                r["code"], r["name"], r["kind"], r["parent_code"],
                [r["name"]] + [a for a in r["aliases"].split("|") if a],
                _date_or_none(r["valid_from"]), _date_or_none(r["valid_to"]), succ, r["ma_dinh_danh"],
            )
    return out


@dataclass
class World:
    """The agencies of each period, their performance and size, and how exports spell them."""

    agencies: dict[str, Agency]
    rng: np.random.Generator
    late_base: dict[str, float] = field(default_factory=dict)
    size: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        a = self.agencies
        self.depts_old = [c for c, x in a.items() if x.kind in ("sở", "ban") and x.valid_from is None]
        self.depts_new = [c for c, x in a.items() if x.kind in ("sở", "ban") and x.valid_to is None]
        self.districts = [c for c, x in a.items() if x.kind in ("quận", "huyện")]
        # Real old communes only (the sample registry's communes are invented names).
        self.communes_old = [c for c, x in a.items() if x.parent in self.districts and not x.official_id]
        self.units_new = [c for c, x in a.items() if x.valid_from == UNIT_SWITCH]
        codes = sorted(a)
        # Most agencies are good (2–7 % late); about one in twelve is clearly bad (20–38 %).
        base = self.rng.uniform(0.02, 0.07, len(codes))
        bad = self.rng.random(len(codes)) < 0.08
        base[bad] = self.rng.uniform(0.20, 0.38, bad.sum())
        self.late_base = dict(zip(codes, base))
        self.size = dict(zip(codes, self.rng.lognormal(0.0, 0.6, len(codes))))

    # --- which agency handles work on a given day ------------------------------------
    def dept_on(self, code: str, day: dt.date) -> str:
        """A department as it exists on `day`: before the 1/3/2025 mergers the old one, after its successor."""
        ag = self.agencies[code]
        if ag.valid_on(day) or not ag.successors:
            return code
        return self.dept_on(ag.successors[0], day)

    def local_on(self, code: str, day: dt.date) -> str:
        """An old commune/district or new unit as it exists on `day` (old → first successor after 1/7/2025)."""
        ag = self.agencies[code]
        if ag.valid_on(day) or not ag.successors:
            return code
        return self.local_on(ag.successors[0], day)

    def spell(self, codes, rng: np.random.Generator) -> list[str]:
        """How an export names each agency: mostly the name or an alias, sometimes with a trailing space."""
        u = rng.random(len(codes))
        pick = rng.random(len(codes))
        pad = rng.random(len(codes)) < 0.04
        out = []
        for code, ui, pi, p in zip(codes, u, pick, pad):
            sp = self.agencies[code].spellings
            # "Phường Gia Viên (Ngô Quyền)" is the registry's disambiguation, not an export's
            # spelling: for such units exports use the qualified aliases ("…, quận Ngô Quyền").
            plain = ui < 0.45 and "(" not in sp[0]
            text = sp[0] if plain or len(sp) == 1 else sp[1 + int(pi * (len(sp) - 1))]
            out.append(text + " " if p else text)
        return out

    def id_prefix(self, code: str) -> str:
        """Prefix of dossier ids: the official electronic id when known, else 'H31.' + code."""
        return self.agencies[code].official_id or f"H31.{code}"


# =========================================================================== seasonality
def day_axis(until: dt.date) -> np.ndarray:
    return np.arange(np.datetime64(START), np.datetime64(until) + 1, dtype="datetime64[D]")


def season_volume(days: np.ndarray) -> np.ndarray:
    """Relative workload per day: a rush before Tết, a trough during it, a busy year-end."""
    d = pd.DatetimeIndex(days)
    w = np.ones(len(days))
    w[d.month == 12] *= 1.3
    w[d.month == 11] *= 1.1
    for tet in TET.values():
        delta = (days - np.datetime64(tet)).astype(int)
        w[(delta >= -21) & (delta < -7)] *= 1.35  # papers to finish before the holiday
        w[(delta >= -7) & (delta <= 7)] *= 0.35
        w[(delta > 7) & (delta <= 14)] *= 0.8
    return w


def season_lateness(days: np.ndarray) -> np.ndarray:
    """Multiplier of the late probability: year-end and Tết pressure, the 2025 reorganisation."""
    d = pd.DatetimeIndex(days)
    m = np.ones(len(days))
    m[d.month == 12] *= 1.5
    for tet in TET.values():
        delta = (days - np.datetime64(tet)).astype(int)
        m[(delta >= -25) & (delta <= 10)] *= 1.6
    reorg = (days >= np.datetime64(UNIT_SWITCH)) & (days < np.datetime64(dt.date(2025, 10, 1)))
    m[reorg] *= 1.8
    return m


def draw_days(rng, days, weights, n, cal: Calendar, workdays_only=True) -> np.ndarray:
    """n days drawn with the given weights, on working days only when asked."""
    w = weights * (cal.is_workday(days) if workdays_only else 1.0)
    return np.sort(rng.choice(days, size=n, p=w / w.sum()))


def _ts(days: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


# =========================================================================== people
SURNAMES = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + [
    "Hoàng", "Vũ", "Phan", "Bùi", "Đỗ", "Đặng", "Ngô", "Hồ", "Dương", "Đào", "Mạc", "Cao", "Lương", "Tô"]
MIDDLE_M = ["Văn", "Minh", "Hữu", "Đức", "Quang", "Thành", "Công", "Tiến", "Xuân", "Mạnh", "Duy", "Hải"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Phương", "Kim", "Hồng", "Thanh", "Minh", "Bích", "Thùy"]
GIVEN_M = ["An", "Bình", "Dũng", "Hùng", "Hoàng", "Khải", "Kiên", "Long", "Nam", "Phong", "Quân", "Sơn",
           "Thắng", "Toàn", "Trung", "Tuấn", "Tùng", "Vinh", "Đạt", "Hiếu", "Cường", "Lâm"]
GIVEN_F = ["Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai", "Nga", "Ngọc",
           "Oanh", "Phương", "Thảo", "Trang", "Vân", "Yến", "Thủy", "Hằng", "Huyền"]
COMPANY_KIND = ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Công ty TNHH MTV"]
COMPANY_WORD = ["Thương mại", "Xây dựng", "Logistics", "Vận tải biển", "Du lịch", "May mặc", "Thủy sản",
                "Cơ khí", "Nội thất", "Dịch vụ"]
COMPANY_NAME = ["Bạch Đằng", "Cát Bi", "Đồ Sơn", "Hoa Phượng", "Lạch Tray", "Minh Phát", "Trường Thịnh",
                "Hải Âu", "Sông Cấm", "Đại Dương", "Tràng Kênh", "Kim Ngân", "Việt Nhật", "Đông Hải"]


def person_names(rng, n: int) -> list[str]:
    """Invented Vietnamese names (personal-data columns must never hold real people)."""
    female = rng.random(n) < 0.5
    s = rng.integers(0, 1 << 30, (4, n))
    out = []
    for f, a, b, c in zip(female, s[0], s[1], s[2]):
        mid, giv = (MIDDLE_F, GIVEN_F) if f else (MIDDLE_M, GIVEN_M)
        out.append(f"{SURNAMES[a % len(SURNAMES)]} {mid[b % len(mid)]} {giv[c % len(giv)]}")
    return out


def company_names(rng, n: int) -> list[str]:
    s = rng.integers(0, 1 << 30, (3, n))
    return [f"{COMPANY_KIND[a % 4]} {COMPANY_WORD[b % len(COMPANY_WORD)]} {COMPANY_NAME[c % len(COMPANY_NAME)]}"
            for a, b, c in zip(*s)]


def phones(rng, n: int) -> list[str]:
    prefixes = np.array(["09", "03", "08", "07"])
    p = prefixes[rng.integers(0, 4, n)]
    num = rng.integers(10_000_000, 99_999_999, n)
    return [f"{a}{b:08d}" for a, b in zip(p, num)]


# =========================================================================== xlsx writer
_XF_DATE, _XF_DATETIME, _XF_MONEY, _XF_BOLD, _XF_TITLE = 1, 2, 3, 4, 5
_EPOCH = np.datetime64("1899-12-30T00:00:00")
_COLS = [chr(65 + i) for i in range(26)]

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"><alignment horizontal="center"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _excel_serial(values: pd.Series) -> np.ndarray:
    """datetime64 → Excel serial days (NaT → NaN)."""
    v = pd.to_datetime(values).to_numpy(dtype="datetime64[s]")
    out = (v - _EPOCH).astype("timedelta64[s]").astype(np.int64) / 86400.0
    return np.where(np.isnat(v), np.nan, out)


@dataclass
class Sheet:
    """What write_xlsx needs: rows above the header, the header, the data frame and cell formats."""

    name: str
    header: list[str]
    data: pd.DataFrame  # columns in header order; datetimes as datetime64, numbers as Int64/float
    formats: dict[str, int] = field(default_factory=dict)  # column → _XF_* style
    title_rows: list[tuple[int, str, int]] = field(default_factory=list)  # (row, text, style) in column A
    title_right: list[tuple[int, str]] = field(default_factory=list)  # (row, text) at column H
    merges: list[str] = field(default_factory=list)
    footer: str | None = None
    widths: dict[str, float] = field(default_factory=dict)


def write_xlsx(path: Path, sh: Sheet) -> None:
    """A minimal, fast and deterministic xlsx writer (shared strings, dates as serials).

    openpyxl needs ~10 µs a cell and stamps the current time into the file; the demo writes a
    few hundred thousand cells and must give identical bytes for identical seeds.
    """
    strings: dict[str, int] = {}

    def sidx(text: str) -> int:
        i = strings.get(text)
        if i is None:
            i = strings[text] = len(strings)
        return i

    rows_xml: list[str] = []
    r = 0
    title = {row: (text, style) for row, text, style in sh.title_rows}
    right = dict(sh.title_right)
    header_row = max([0, *title, *right]) + 1
    for r in range(1, header_row):
        cells = ""
        if r in title:
            cells += f'<c r="A{r}" t="s" s="{title[r][1]}"><v>{sidx(title[r][0])}</v></c>'
        if r in right:
            cells += f'<c r="H{r}" t="s" s="{_XF_BOLD}"><v>{sidx(right[r])}</v></c>'
        rows_xml.append(f'<row r="{r}">{cells}</row>')
    r = header_row
    rows_xml.append(f'<row r="{r}">' + "".join(
        f'<c r="{_COLS[j]}{r}" t="s" s="{_XF_BOLD}"><v>{sidx(h)}</v></c>' for j, h in enumerate(sh.header)) + "</row>")

    # Column by column, pre-render each cell's XML fragment (without its reference).
    frags = []
    for j, col in enumerate(sh.header):
        s = sh.data[col]
        style = sh.formats.get(col, 0)
        if style in (_XF_DATE, _XF_DATETIME):
            vals = _excel_serial(s)
            frags.append([None if np.isnan(v) else f' s="{style}"><v>{v!r}</v></c>' for v in vals.tolist()])
        elif pd.api.types.is_numeric_dtype(s.dtype):
            st = f' s="{style}"' if style else ""
            frags.append([None if pd.isna(v) else f"{st}><v>{int(v)}</v></c>" for v in s.tolist()])
        else:
            frags.append([f' t="s"><v>{sidx(v)}</v></c>' if isinstance(v, str) and v else None for v in s.tolist()])
    for i in range(len(sh.data)):
        r += 1
        parts = [f'<row r="{r}">']
        for j in range(len(sh.header)):
            f = frags[j][i]
            if f is not None:
                parts.append(f'<c r="{_COLS[j]}{r}"{f}')
        parts.append("</row>")
        rows_xml.append("".join(parts))
    if sh.footer:
        r += 1
        rows_xml.append(f'<row r="{r}"><c r="A{r}" t="s" s="{_XF_BOLD}"><v>{sidx(sh.footer)}</v></c></row>')
        sh.merges = [*sh.merges, f"A{r}:{_COLS[len(sh.header) - 1]}{r}"]

    last = f"{_COLS[len(sh.header) - 1]}{r}"
    cols = "".join(f'<col min="{ord(c) - 64}" max="{ord(c) - 64}" width="{w}" customWidth="1"/>'
                   for c, w in sorted(sh.widths.items()))
    merges = (f'<mergeCells count="{len(sh.merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in sh.merges)
              + "</mergeCells>") if sh.merges else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="A1:{last}"/>'
        f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>" + "".join(rows_xml) + "</sheetData>" + merges + "</worksheet>"
    )
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t xml:space=\"preserve\">{escape(t)}</t></si>"
                                                       for t in strings) + "</sst>")
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sh.name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": sst,
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # fixed: reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"), compresslevel=1)


def write_csv(path: Path, df: pd.DataFrame) -> None:
    """UTF-8 with BOM, comma, CRLF: the OpenCPS / consultation register layout."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\r\n")
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))


def fmt_dt(values: np.ndarray, pattern: str) -> list[str]:
    """datetime64 → text in the export's format; NaT → empty cell."""
    s = pd.Series(pd.to_datetime(values)).dt.strftime(pattern)
    return s.fillna("").tolist()


# =========================================================================== dossiers
# (procedure code, name, field, limit in working days). Levels: commune, district, department.
COMMUNE_PROCS = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch", 1), ("1.000656", "Đăng ký khai tử", "Hộ tịch", 1),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch", 3), ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", 3),
    ("1.001022", "Đăng ký nhận cha, mẹ, con", "Hộ tịch", 3), ("1.004884", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", 1),
    ("2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", 1),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", 1),
    ("2.000815", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", "Chứng thực", 2),
    ("1.001776", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", 5),
    ("1.001758", "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", "Bảo trợ xã hội", 10),
]
DISTRICT_PROCS = [
    ("1.004227", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "Đất đai", 10),
    ("1.004203", "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "Đất đai", 7),
    ("1.004217", "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền", "Đất đai", 15),
    ("1.003010", "Tách thửa hoặc hợp thửa đất", "Đất đai", 15),
    ("1.009994", "Cấp Giấy phép xây dựng mới đối với nhà ở riêng lẻ", "Hoạt động xây dựng", 15),
    ("2.001757", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", 3),
    ("1.001266", "Đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch", 15),
    ("1.005099", "Chuyển trường đối với học sinh trung học cơ sở", "Giáo dục và Đào tạo", 3),
    ("2.000591", "Giải quyết trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", 20),
    ("1.001270", "Cấp Giấy phép kinh doanh bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước", 10),
]
# Department procedures, by the department that handled them before the 2025 mergers.
DEPT_PROCS = {
    "STP": [("2.001412", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", 10),
            ("2.002090", "Cấp Phiếu lý lịch tư pháp có yếu tố nước ngoài", 15),
            ("2.000907", "Đăng ký hoạt động Văn phòng công chứng", 10)],
    "SKHDT": [("2.001852", "Đăng ký thành lập công ty TNHH một thành viên", 3),
              ("2.002055", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", 3)],
    "STC": [("1.005431", "Thẩm định phương án giá tài sản công", 15)],
    "SCT": [("2.000005", "Xác nhận đăng ký thực hiện khuyến mại", 5),
            ("2.002210", "Cấp Giấy phép bán buôn sản phẩm rượu", 15)],
    "SNNPTNT": [("1.003397", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản", 15)],
    "SGTVT": [("1.002804", "Đổi Giấy phép lái xe do ngành Giao thông vận tải cấp", 5),
              ("1.001023", "Cấp phù hiệu xe ô tô kinh doanh vận tải", 2)],
    "SXD": [("2.001986", "Cấp giấy phép xây dựng công trình cấp đặc biệt, cấp I, cấp II", 20),
            ("1.009973", "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", 25)],
    "STNMT": [("2.001665", "Cấp giấy phép khai thác, sử dụng nước mặt", 30),
              ("1.004258", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu cho tổ chức", 20),
              ("2.000672", "Thẩm định báo cáo đánh giá tác động môi trường", 30)],
    "STTTT": [("1.004640", "Cấp giấy phép xuất bản bản tin", 10),
              ("1.003769", "Cấp giấy phép hoạt động in", 5)],
    "SLDTBXH": [("2.001590", "Giải quyết chế độ trợ cấp một lần đối với người có công", 12),
                ("1.000459", "Cấp giấy phép lao động cho người lao động nước ngoài", 5)],
    "SVHTT": [("1.001029", "Cấp giấy phép tổ chức biểu diễn nghệ thuật", 5)],
    "SDL": [("1.004594", "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa", 10),
            ("1.001440", "Công nhận hạng cơ sở lưu trú du lịch", 15)],
    "SKHCN": [("2.001247", "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", 10)],
    "SGDDT": [("2.000071", "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục", 15)],
    "SYT": [("1.003608", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", 20),
            ("1.002467", "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược", 20)],
    "SNV": [("2.002161", "Xét tặng danh hiệu Tập thể lao động xuất sắc", 20),
            ("2.000629", "Công nhận ban vận động thành lập hội", 30)],
    "SNGV": [("1.002330", "Cho phép tổ chức hội nghị, hội thảo quốc tế", 10)],
    "BQLKKT": [("2.000645", "Cấp giấy phép xây dựng công trình trong khu công nghiệp", 20),
               ("1.009684", "Cấp Giấy chứng nhận đăng ký đầu tư", 15)],
}
DEPT_FIELD = {"STP": "Lý lịch tư pháp", "SKHDT": "Thành lập và hoạt động doanh nghiệp", "STC": "Quản lý giá",
              "SCT": "Thương mại", "SNNPTNT": "An toàn thực phẩm", "SGTVT": "Đường bộ", "SXD": "Hoạt động xây dựng",
              "STNMT": "Tài nguyên nước - Môi trường", "STTTT": "Xuất bản, In", "SLDTBXH": "Người có công",
              "SVHTT": "Nghệ thuật biểu diễn", "SDL": "Lữ hành", "SKHCN": "Hoạt động khoa học và công nghệ",
              "SGDDT": "Giáo dục và Đào tạo", "SYT": "Khám bệnh, chữa bệnh", "SNV": "Thi đua - Khen thưởng",
              "SNGV": "Công tác lãnh sự", "BQLKKT": "Đầu tư tại khu công nghiệp"}


@dataclass
class DossierDraw:
    """Arrays describing n dossiers; the layouts render them."""

    agency: list[str]
    proc: list[tuple]
    recv: np.ndarray  # datetime64[s]
    due: np.ndarray
    finish: np.ndarray  # NaT when not finished by `until`
    ret: np.ndarray  # NaT when not returned by `until`
    late: np.ndarray  # bool: returned after the due day, or open and overdue at `until`
    apology: np.ndarray  # bool
    supplements: np.ndarray
    status: list[str]
    online: np.ndarray  # channel code 1 in person / 2 online / 3 postal
    extension: np.ndarray  # new appointment on the apology letter (NaT if none)


def _pick_weighted(rng, codes: list[str], weights: dict[str, float], n: int) -> list[str]:
    w = np.array([weights[c] for c in codes])
    return [codes[i] for i in rng.choice(len(codes), size=n, p=w / w.sum())]


def assign_local(world: World, rng, days: np.ndarray) -> tuple[list[str], list[tuple]]:
    """Local one-stop dossiers: commune- or district-level procedure at the unit valid that day."""
    n = len(days)
    before = days < np.datetime64(UNIT_SWITCH)
    district_level = rng.random(n) < 0.3
    old_comm = _pick_weighted(rng, world.communes_old, world.size, n)
    old_dist = _pick_weighted(rng, world.districts, world.size, n)
    new_unit = _pick_weighted(rng, world.units_new, world.size, n)
    cp = rng.choice(len(COMMUNE_PROCS), n, p=_proc_weights(len(COMMUNE_PROCS)))
    dp = rng.choice(len(DISTRICT_PROCS), n, p=_proc_weights(len(DISTRICT_PROCS)))
    agency, proc = [], []
    for i in range(n):
        if before[i]:
            agency.append(old_dist[i] if district_level[i] else old_comm[i])
        else:
            agency.append(new_unit[i])  # since 1/7/2025 communes also handle former district procedures
        proc.append(DISTRICT_PROCS[dp[i]] if district_level[i] else COMMUNE_PROCS[cp[i]])
    return agency, proc


def _proc_weights(k: int) -> np.ndarray:
    w = 1.0 / np.arange(1, k + 1) ** 0.6  # a few procedures make most of the volume
    return w / w.sum()


def assign_dept(world: World, rng, days: np.ndarray) -> tuple[list[str], list[tuple]]:
    """Department dossiers: the procedure's department, or its successor after the 1/3/2025 mergers."""
    keys = list(DEPT_PROCS)
    w = np.array([world.size[k] * len(DEPT_PROCS[k]) for k in keys])
    d = rng.choice(len(keys), len(days), p=w / w.sum())
    sub = rng.random(len(days))
    agency, proc = [], []
    for i, day in enumerate(days.astype(dt.date)):
        k = keys[d[i]]
        code, name, limit = DEPT_PROCS[k][int(sub[i] * len(DEPT_PROCS[k]))]
        agency.append(world.dept_on(k, day))
        proc.append((code, name, DEPT_FIELD[k], limit))
    return agency, proc


def draw_dossiers(world: World, cal: Calendar, rng, n: int, until: dt.date, local: bool) -> DossierDraw:
    days_axis = day_axis(until)
    days = draw_days(rng, days_axis, season_volume(days_axis), n, cal)
    agency, proc = (assign_local if local else assign_dept)(world, rng, days)
    limit = np.array([p[3] for p in proc])
    recv_sec = rng.integers(7 * 3600 + 30 * 60, 17 * 3600, n)
    recv = _ts(days, recv_sec)
    due_day = cal.add(days, limit)
    due = _ts(due_day, recv_sec // 60 * 60)  # the appointment keeps the hour and minute of receipt

    # Late or not: agency's base rate × season; "stuck" dossiers never come back (open overdue).
    base = np.array([world.late_base[a] for a in agency])
    p_late = np.minimum(0.6, base * season_lateness(days))
    late = rng.random(n) < p_late
    stuck = rng.random(n) < base * 0.05
    on_time_offset = np.floor(limit * rng.beta(1.5, 2.5, n)).astype(int)
    slow = base > 0.15
    delay = 1 + rng.geometric(np.where(slow, 0.08, 0.25))  # working days after the due day
    finish_day = np.where(late, cal.add(due_day, delay), cal.add(days, on_time_offset))
    finish_day = np.where(stuck, np.datetime64("2100-01-01"), finish_day)
    same = finish_day == days
    closing = 17 * 3600 + rng.integers(0, 1800, n)  # officers log off between 17:00 and 17:30
    fsec = np.where(same, np.minimum(recv_sec + rng.integers(600, 4 * 3600, n), closing),
                    rng.integers(7 * 3600 + 30 * 60, 17 * 3600, n))
    finish = _ts(finish_day, fsec)
    # Returned the same day (usually) or the next working day — never past the due day when on time.
    next_day = cal.add(finish_day, 1)
    ret_next = (rng.random(n) < 0.25) & (late | (next_day <= due_day))
    ret_day = np.where(ret_next, next_day, finish_day)
    rsec = np.where(ret_next, rng.integers(7 * 3600 + 30 * 60, 17 * 3600, n),
                    np.minimum(fsec + rng.integers(120, 3 * 3600, n), 19 * 3600))
    ret = _ts(ret_day, rsec)

    end = np.datetime64(until + dt.timedelta(days=1)).astype("datetime64[s]")
    returned = ret < end
    finished = finish < end
    late = np.where(returned, ret_day > due_day, due_day < np.datetime64(until))
    supplements = rng.choice(4, n, p=[0.85, 0.10, 0.04, 0.01])
    apology = late & (rng.random(n) < np.where(slow, 0.55, 0.82))
    ext = np.where(apology, _ts(cal.add(due_day, rng.integers(3, 15, n)), recv_sec // 60 * 60),
                   np.datetime64("NaT"))
    status = _dossier_status(rng, returned, finished, supplements)
    online_share = 0.35 + 0.25 * (days - np.datetime64(START)).astype(int) / max(1, len(days_axis))
    u = rng.random(n)
    channel = np.where(u < online_share, 2, np.where(u < online_share + 0.04, 3, 1))
    nat = np.datetime64("NaT")
    return DossierDraw(agency, proc, recv, due, np.where(finished, finish, nat), np.where(returned, ret, nat),
                       late, apology, supplements, status, channel, ext)


def _dossier_status(rng, returned, finished, supplements) -> list[str]:
    u = rng.random(len(returned))
    out = []
    for r, f, s, ui in zip(returned, finished, supplements, u):
        if r:
            out.append("Từ chối" if ui < 0.012 else "Dừng xử lý" if ui < 0.03 else "Đã trả kết quả")
        elif f:
            out.append("Đã xử lý xong")
        else:
            out.append("Yêu cầu bổ sung" if s and ui < 0.5 else "Đang xử lý")
    return out


def dossier_ids(world: World, agency: list[str], recv: np.ndarray) -> list[str]:
    """'<mã định danh>-yymmdd-nnnn', numbered per agency and day like the one-stop systems do."""
    df = pd.DataFrame({"a": agency, "d": pd.to_datetime(recv).strftime("%y%m%d")})
    seq = df.groupby(["a", "d"]).cumcount() + 1
    return [f"{world.id_prefix(a)}-{d}-{s:04d}" for a, d, s in zip(df["a"], df["d"], seq)]


MOTCUA_HEADER = ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Lĩnh vực", "Đơn vị tiếp nhận", "Người nộp",
                 "Ngày nộp hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả",
                 "Trạng thái", "Hình thức nộp", "Số lần bổ sung", "Phiếu xin lỗi"]
OPENCPS_HEADER = ["Mã hồ sơ", "Mã thủ tục", "Nội dung", "Cơ quan thụ lý", "Chủ hồ sơ", "Ngày tiếp nhận",
                  "Ngày hẹn trả", "Ngày gia hạn", "Ngày hoàn thành", "Ngày trả", "Trạng thái", "Trực tuyến"]


def motcua_sheet(world: World, rng, d: DossierDraw, until: dt.date) -> Sheet:
    n = len(d.agency)
    # Online applications are submitted at any hour up to three days before receipt.
    back = np.where(d.online == 2, rng.integers(600, 3 * 86400, n), rng.integers(60, 1800, n))
    submitted = d.recv - back.astype("timedelta64[s]")
    f = "%d/%m/%Y %H:%M:%S"
    data = pd.DataFrame({
        "STT": np.arange(1, n + 1),
        "Mã hồ sơ": dossier_ids(world, d.agency, d.recv),
        "Tên thủ tục hành chính": [p[1] for p in d.proc],
        "Lĩnh vực": [p[2] for p in d.proc],
        "Đơn vị tiếp nhận": world.spell(d.agency, rng),
        "Người nộp": person_names(rng, n),
        "Ngày nộp hồ sơ": fmt_dt(submitted, f),
        "Ngày tiếp nhận": fmt_dt(d.recv, f),
        "Ngày hẹn trả": fmt_dt(d.due, f),
        "Ngày kết thúc xử lý": fmt_dt(d.finish, f),
        "Ngày trả kết quả": fmt_dt(d.ret, f),
        "Trạng thái": d.status,
        "Hình thức nộp": np.array(["", "Trực tiếp", "Trực tuyến", "Bưu chính"])[d.online].tolist(),
        "Số lần bổ sung": d.supplements,
        "Phiếu xin lỗi": np.where(d.apology, "Có", "Không").tolist(),
    })
    return Sheet(
        "DanhSachHoSo", MOTCUA_HEADER, data,
        title_rows=[(1, "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", _XF_BOLD),
                    (2, "HỆ THỐNG THÔNG TIN GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", _XF_BOLD),
                    (4, "DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH", _XF_TITLE),
                    (5, f"Từ ngày {START:%d/%m/%Y} đến ngày {until:%d/%m/%Y}", _XF_BOLD)],
        title_right=[(1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (2, "Độc lập - Tự do - Hạnh phúc")],
        merges=["A1:E1", "H1:O1", "A2:E2", "H2:O2", "A4:O4", "A5:O5"],
        footer=f"Tổng cộng: {n} hồ sơ",
        widths={"A": 6.7, "B": 24.7, "C": 50.7, "D": 28.7, "E": 30.7, "F": 24.7, "G": 19.7, "H": 19.7,
                "I": 19.7, "J": 19.7, "K": 19.7, "L": 16.7, "M": 13.7, "N": 8.7, "O": 10.7},
    )


def opencps_frame(world: World, rng, d: DossierDraw) -> pd.DataFrame:
    n = len(d.agency)
    f = "%d/%m/%Y %H:%M"
    owners = np.where(rng.random(n) < 0.35, company_names(rng, n), person_names(rng, n))
    return pd.DataFrame({
        "Mã hồ sơ": dossier_ids(world, d.agency, d.recv),
        "Mã thủ tục": [p[0] for p in d.proc],
        "Nội dung": [p[1] for p in d.proc],
        "Cơ quan thụ lý": world.spell(d.agency, rng),
        "Chủ hồ sơ": owners,
        "Ngày tiếp nhận": fmt_dt(d.recv, f),
        "Ngày hẹn trả": fmt_dt(d.due, f),
        "Ngày gia hạn": fmt_dt(d.extension, f),
        "Ngày hoàn thành": fmt_dt(d.finish, f),
        "Ngày trả": fmt_dt(d.ret, f),
        "Trạng thái": d.status,
        "Trực tuyến": np.where(d.online == 2, "Có", "Không").tolist(),
    }, columns=OPENCPS_HEADER)


# =========================================================================== tasks
TASK_TOPICS = ["giải phóng mặt bằng dự án tuyến đường ven sông Lạch Tray", "chuyển đổi số trong cơ quan nhà nước",
               "thu hút đầu tư vào các khu công nghiệp", "phát triển nhà ở xã hội", "giải ngân vốn đầu tư công",
               "cải cách thủ tục hành chính", "bảo đảm trật tự an toàn giao thông", "xây dựng nông thôn mới nâng cao",
               "phòng, chống thiên tai mùa mưa bão", "sắp xếp trụ sở dôi dư sau sắp xếp đơn vị hành chính",
               "phát triển du lịch biển Đồ Sơn - Cát Bà", "bảo đảm an toàn thực phẩm dịp Tết Nguyên đán",
               "cấp nước sạch nông thôn", "dự án nút giao Nam cầu Bính", "vận hành chính quyền địa phương hai cấp"]
TASK_VERBS = ["Rà soát, báo cáo UBND thành phố tình hình", "Tham mưu văn bản chỉ đạo về",
              "Chủ trì, phối hợp tham mưu UBND thành phố ban hành Kế hoạch về",
              "Kiểm tra, xử lý dứt điểm kiến nghị liên quan đến", "Tổ chức sơ kết, đánh giá kết quả",
              "Đẩy nhanh tiến độ"]
DOC_KINDS = [("Kết luận", "TB-VP", 0.42), ("Công văn", "UBND-KSTTHC", 0.25), ("Chỉ thị", "CT-UBND", 0.13),
             ("Thông báo", "TB-UBND", 0.12), ("Quyết định", "QĐ-UBND", 0.08)]
LEADERS = ["Chủ tịch UBND TP", "UBND TP", "Phó Chủ tịch UBND TP Trịnh Văn Khải",
           "Phó Chủ tịch UBND TP Đào Thị Hương", "Phó Chủ tịch UBND TP Phan Minh Tuấn",
           "Phó Chủ tịch UBND TP Mạc Đăng Hùng"]
DONE_WORDS = ["Đã xong", "Đã hoàn thành", "Hoàn thành", "Đã hoàn thành, đã báo cáo UBND TP", "HT"]
OPEN_WORDS = ["Đang triển khai", "Chưa hoàn thành", "Đang xử lý", "Đang thực hiện", "Chưa thực hiện"]
OVERDUE_WORDS = ["Đang thực hiện (quá hạn)", "Chậm tiến độ", "Quá hạn"]
ABBR = {"VPUB": "VP", "SNV": "SNV", "STP": "STP", "SKHDT": "SKHĐT", "STC": "STC", "SCT": "SCT",
        "SNNPTNT": "SNNPTNT", "SGTVT": "SGTVT", "SXD": "SXD", "STNMT": "STNMT", "STTTT": "STTTT",
        "SLDTBXH": "SLĐTBXH", "SVHTT": "SVHTT", "SDL": "SDL", "SKHCN": "SKHCN", "SGDDT": "SGDĐT", "SYT": "SYT",
        "SNGV": "SNgV", "TTTP": "TTr", "BQLKKT": "BQL", "SNNMT": "SNNMT", "SVHTTDL": "SVHTTDL"}


def agencies_on(world: World, day: dt.date, local_share: float, rng) -> str:
    """A lead/consulted agency valid on `day`: a department, or a district (before 7/2025) / new unit."""
    if rng.random() < local_share:
        pool = world.districts if day < UNIT_SWITCH else world.units_new
    else:
        pool = [c for c in (world.depts_old if day < DEPT_SWITCH else world.depts_new)]
    return pool[int(rng.random() * len(pool))]


def task_frame(world: World, cal: Calendar, rng, n: int, until: dt.date) -> pd.DataFrame:
    days_axis = day_axis(until)
    n_docs = max(1, int(n / 2 * 1.15))  # 1–3 tasks a document; a margin, trimmed below
    doc_days = draw_days(rng, days_axis, season_volume(days_axis), n_docs, cal)
    kinds = rng.choice(len(DOC_KINDS), n_docs, p=[k[2] for k in DOC_KINDS])
    per_doc = rng.integers(1, 4, n_docs)
    rows = []
    for j in range(n_docs):
        day = doc_days[j].astype(dt.date)
        kind, suffix, _ = DOC_KINDS[kinds[j]]
        number = f"{int(rng.integers(10, 3000))}/{suffix}"
        leader = LEADERS[int(rng.integers(0, len(LEADERS)))]
        for _ in range(per_doc[j]):
            rows.append(_one_task(world, cal, rng, day, kind, number, leader, until))
    rows = _trim(rng, rows, n)
    df = pd.DataFrame(rows, columns=["doc_number", "doc_date", "doc_kind", "assigned_by", "summary", "lead",
                                     "co", "due", "done", "status", "note"])
    df.insert(0, "Mã nhiệm vụ", [f"NV-{d.year}-{i + 1:04d}" for i, d in enumerate(df["doc_date"])])
    df.insert(0, "STT", np.arange(1, len(df) + 1))
    df.columns = ["STT", "Mã nhiệm vụ", "Số, ký hiệu văn bản", "Ngày văn bản", "Loại văn bản", "Người giao",
                  "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hạn xử lý", "Ngày hoàn thành",
                  "Tình trạng", "Ghi chú"]
    for c in ("Ngày văn bản", "Hạn xử lý", "Ngày hoàn thành"):
        df[c] = pd.to_datetime(df[c])
    return df


def _trim(rng, rows: list, n: int) -> list:
    """Keep n rows spread over the whole period (dropping the tail would empty the last months)."""
    if len(rows) <= n:
        return rows
    keep = np.sort(rng.choice(len(rows), n, replace=False))
    return [rows[i] for i in keep]


def _one_task(world, cal, rng, day: dt.date, kind, number, leader, until: dt.date) -> list:
    lead = agencies_on(world, day, 0.35, rng)
    n_co = int(rng.choice(4, p=[0.35, 0.35, 0.2, 0.1]))
    co = []
    for _ in range(n_co):
        c = agencies_on(world, day, 0.3, rng)
        if c != lead and c not in co:
            co.append(c)
    summary = f"{TASK_VERBS[int(rng.integers(0, len(TASK_VERBS)))]} {TASK_TOPICS[int(rng.integers(0, len(TASK_TOPICS)))]}"
    due = None
    if rng.random() >= 0.08:  # ~8 % of tasks carry no deadline
        due = day + dt.timedelta(days=int(rng.choice([7, 10, 15, 20, 30, 45, 60, 90, 120])))
    base = world.late_base[lead]
    p_late = min(0.75, base * 4 + 0.05)  # tasks slip far more often than dossiers
    if due is not None:
        span = (due - day).days
        finish = day + dt.timedelta(days=int(rng.integers(1, span + 1)))
        if rng.random() < p_late:
            finish = due + dt.timedelta(days=int(rng.geometric(0.04 if base > 0.15 else 0.1)))
    else:
        finish = day + dt.timedelta(days=int(rng.integers(5, 200)))
    if rng.random() < 0.02 + base:  # nợ đọng: some tasks are simply never reported done
        finish = dt.date(2100, 1, 1)
    finish = np.busday_offset(finish, 0, roll="forward", busdaycal=cal.cal).astype(dt.date)  # reports go out on working days
    done = finish if finish <= until else None
    if done is None:
        overdue = due is not None and due < until
        status = OVERDUE_WORDS[int(rng.integers(0, 3))] if overdue and rng.random() < 0.6 else \
            OPEN_WORDS[int(rng.integers(0, len(OPEN_WORDS)))]
        note = "Đã có văn bản đề nghị gia hạn" if rng.random() < 0.2 else None
    else:
        status = DONE_WORDS[int(rng.integers(0, len(DONE_WORDS)))]
        note = (f"Đã có Báo cáo số {int(rng.integers(10, 3000))}/BC-{ABBR.get(lead, 'UBND')} ngày {done:%d/%m/%Y}"
                if rng.random() < 0.4 else None)
    lead_s = world.spell([lead], rng)[0]
    co_s = "; ".join(world.spell(co, rng)) if co else None
    return [number, day, kind, leader, summary, lead_s, co_s, due, done, status, note]


# =========================================================================== petitions
PAKN_TOPICS = [
    ("Đất đai", "Phản ánh tình trạng lấn chiếm đất công tại {p}", "STNMT"),
    ("Môi trường", "Phản ánh cơ sở sản xuất gây ô nhiễm tiếng ồn, khói bụi tại {p}", "STNMT"),
    ("Môi trường", "Phản ánh rác thải tồn đọng nhiều ngày tại {p}", "STNMT"),
    ("Giao thông", "Phản ánh mặt đường hư hỏng, nhiều ổ gà tại {p}", "SGTVT"),
    ("Giao thông", "Phản ánh tình trạng xe tải chở vật liệu rơi vãi tại {p}", "SGTVT"),
    ("Xây dựng - Đô thị", "Phản ánh công trình xây dựng không phép tại {p}", "SXD"),
    ("Xây dựng - Đô thị", "Phản ánh lấn chiếm vỉa hè, lòng đường tại {p}", "SXD"),
    ("Thủ tục hành chính", "Phản ánh việc yêu cầu nộp thêm giấy tờ ngoài quy định tại {p}", "STP"),
    ("Thủ tục hành chính", "Phản ánh hồ sơ trực tuyến bị trả lại nhiều lần không rõ lý do", "VPUB"),
    ("An sinh xã hội", "Phản ánh việc bình xét hộ nghèo chưa đúng đối tượng tại {p}", "SLDTBXH"),
    ("Lao động - Việc làm", "Phản ánh doanh nghiệp chậm trả lương người lao động", "SLDTBXH"),
    ("Y tế", "Phản ánh thái độ phục vụ tại trạm y tế {p}", "SYT"),
    ("Giáo dục", "Kiến nghị về các khoản thu đầu năm học tại {p}", "SGDDT"),
    ("Văn hóa - Du lịch", "Phản ánh tình trạng chặt chém du khách tại {p}", "SDL"),
    ("Điện - Nước", "Phản ánh mất nước sinh hoạt kéo dài tại {p}", "SXD"),
    ("Khác", "Phản ánh cán bộ có biểu hiện nhũng nhiễu tại {p}", "TTTP"),
]
PAKN_CHANNELS = (["Ứng dụng Hải Phòng Smart", "Đường dây nóng", "Cổng Dịch vụ công quốc gia", "Thư điện tử", "Trực tiếp"],
                 [0.3, 0.26, 0.2, 0.15, 0.09])
PAKN_HEADER = ["STT", "Mã PAKN", "Tiêu đề", "Lĩnh vực", "Kênh tiếp nhận", "Ngày tiếp nhận", "Người gửi",
               "Số điện thoại", "Địa bàn", "Đơn vị đang xử lý", "Quá trình chuyển xử lý", "Số lần chuyển",
               "Ngày chuyển gần nhất", "Hạn xử lý", "Ngày trả lời", "Trạng thái", "Mức độ hài lòng"]


def place_label(world: World, code: str) -> str:
    """'Phường An Biên, Quận Lê Chân' before 7/2025, 'Phường An Biên' after (no district level)."""
    ag = world.agencies[code]
    name = ag.name.split(" (")[0]
    return f"{name}, {world.agencies[ag.parent].name}" if ag.parent else name


def _transfer_count(rng, base: float) -> int:
    """Most petitions stay put; bad agencies pass more of them around (đùn đẩy, lòng vòng)."""
    p = [0.70, 0.15, 0.06, 0.05, 0.025, 0.015] if base < 0.15 else [0.45, 0.2, 0.1, 0.12, 0.08, 0.05]
    return int(rng.choice(6, p=p))


def petition_frame(world: World, cal: Calendar, rng, n: int, until: dt.date) -> pd.DataFrame:
    days_axis = day_axis(until)
    days = draw_days(rng, days_axis, season_volume(days_axis), n, cal, workdays_only=False)
    secs = rng.integers(0, 86400, n)
    recv = _ts(days, secs)
    old_place = _pick_weighted(rng, world.communes_old, world.size, n)
    new_place = _pick_weighted(rng, world.units_new, world.size, n)
    topic = rng.integers(0, len(PAKN_TOPICS), n)
    channel = rng.choice(len(PAKN_CHANNELS[0]), n, p=PAKN_CHANNELS[1])
    end = np.datetime64(until + dt.timedelta(days=1)).astype("datetime64[s]")
    rows = []
    names, tels = person_names(rng, n), phones(rng, n)
    year_seq: dict[int, int] = {}
    for i in range(n):
        t0 = recv[i]
        d0 = t0.astype(dt.datetime).date()
        place = old_place[i] if d0 < UNIT_SWITCH else new_place[i]
        field_, title, dept = PAKN_TOPICS[topic[i]]
        chain, times = _petition_path(world, cal, rng, place, dept, t0, end)
        current = chain[-1]
        last_t = times[-1] if len(times) > 1 else None
        base_day = (last_t if last_t is not None else t0).astype("datetime64[D]")
        due_day = cal.add(base_day, 15)
        answer, status, vote = _petition_answer(world, cal, rng, current, base_day, due_day, len(chain) - 1, end)
        year_seq[d0.year] = year_seq.get(d0.year, 0) + 1
        spelled = world.spell(chain, rng)
        rows.append([
            i + 1, f"PAKN-{d0.year}-{year_seq[d0.year]:05d}", title.format(p=world.agencies[place].name.split(" (")[0]),
            field_, PAKN_CHANNELS[0][channel[i]], t0, names[i], tels[i], place_label(world, place),
            spelled[-1], " -> ".join(s.strip() for s in spelled), len(chain) - 1, last_t, due_day, answer,
            status, vote])
    df = pd.DataFrame(rows, columns=PAKN_HEADER)
    for c in ("Ngày tiếp nhận", "Ngày chuyển gần nhất", "Hạn xử lý", "Ngày trả lời"):
        df[c] = pd.to_datetime(df[c])
    return df


def _petition_path(world, cal, rng, place, dept, t0, end):
    """The agencies a petition went through, each valid on the day it got the petition."""
    k = _transfer_count(rng, world.late_base[world.local_on(place, t0.astype(dt.datetime).date())])
    chain, times = [], [t0]
    t = t0
    for step in range(k + 1):
        day = t.astype(dt.datetime).date()
        local = world.local_on(place, day)
        district = world.agencies[local].parent or local  # before 7/2025 the district handles it
        options = [world.dept_on(dept, day), local, district, world.dept_on("VPUB", day)]
        pick = options[int(rng.choice(4, p=[0.4, 0.3, 0.25, 0.05]))]
        if chain and pick == chain[-1]:
            pick = options[0] if pick != options[0] else local
        chain.append(pick)
        if step < k:
            nxt = cal.add(t.astype("datetime64[D]"), int(rng.integers(1, 6))).astype("datetime64[s]") + \
                np.timedelta64(int(rng.integers(7 * 3600 + 1800, 17 * 3600)), "s")
            if nxt >= end:
                break
            t = nxt
            times.append(t)
    return chain, times[:len(chain)]


def _petition_answer(world, cal, rng, agency, base_day, due_day, transfers, end):
    base = world.late_base[agency]
    p_late = min(0.7, base * 3 + 0.03 * transfers)
    if rng.random() < 0.005 + base * 0.1:  # left unanswered: the backlog the City Office chases
        ans_day = np.datetime64("2100-01-01")
    elif rng.random() < p_late:
        ans_day = cal.add(due_day, int(rng.geometric(0.12)))
    else:
        ans_day = cal.add(base_day, int(rng.integers(1, 16)))
    ans = ans_day.astype("datetime64[s]") + np.timedelta64(int(rng.integers(7 * 3600 + 1800, 17 * 3600)), "s")
    if ans >= end:
        recent = (end - base_day.astype("datetime64[s]")) < np.timedelta64(3 * 86400, "s")
        return None, "Chờ tiếp nhận" if recent and rng.random() < 0.5 else "Đang xử lý", None
    u = rng.random()
    status = "Từ chối" if u < 0.04 else "Đã công khai" if u < 0.55 else "Đã trả lời"
    vote = None
    if rng.random() < 0.6:
        unhappy = 0.15 + 0.1 * transfers + (0.25 if ans_day > due_day else 0)
        vote = "Không hài lòng" if rng.random() < unhappy else "Hài lòng"
    return ans, status, vote


# =========================================================================== consultations
CONSULT_TOPICS = ["dự thảo Nghị quyết HĐND thành phố về phát triển du lịch biển Đồ Sơn - Cát Bà",
                  "phương án điều chỉnh quy hoạch chi tiết Khu công nghiệp Tiên Thanh",
                  "danh mục thủ tục hành chính nội bộ lĩnh vực cải cách thủ tục hành chính",
                  "dự thảo Quyết định ban hành Quy định phân cấp quản lý số hóa hồ sơ",
                  "hồ sơ đề xuất chủ trương đầu tư dự án nâng cấp đê biển Cát Hải",
                  "dự thảo Báo cáo tổng kết quản lý trật tự xây dựng đô thị",
                  "dự thảo Kế hoạch chuyển đổi số năm", "phương án sắp xếp trụ sở làm việc dôi dư"]
CONSULT_HEADER = ["STT", "Số văn bản", "Ngày văn bản", "Đơn vị xin ý kiến", "Trích yếu", "Đơn vị được xin ý kiến",
                  "Hạn trả lời", "Ngày trả lời", "Số văn bản trả lời"]


def consultation_frame(world: World, cal: Calendar, rng, n: int, until: dt.date) -> pd.DataFrame:
    days_axis = day_axis(until)
    n_docs = max(1, int(n / 3.2 * 1.15))  # ~3.2 distinct consulted agencies a document; trimmed below
    days = draw_days(rng, days_axis, season_volume(days_axis), n_docs, cal)
    rows, counters = [], {}
    for j in range(n_docs):
        day = days[j].astype(dt.date)
        asker = agencies_on(world, day, 0.1, rng)
        # Numbered per symbol so (number, consulted agency) — the import key — never repeats.
        symbol = f"{ABBR.get(asker, 'UBND')}-VP"
        counters[symbol] = counters.get(symbol, 0) + 1
        number = f"{counters[symbol] * 7 + int(rng.integers(0, 7))}/{symbol}"
        summary = f"V/v xin ý kiến {CONSULT_TOPICS[int(rng.integers(0, len(CONSULT_TOPICS)))]}"
        due = cal.add(days[j], int(rng.choice([5, 7, 10])))
        consulted = []
        for _ in range(int(rng.integers(1, 7))):
            c = agencies_on(world, day, 0.25, rng)
            if c != asker and c not in consulted:
                consulted.append(c)
        for c in consulted:
            rows.append(_one_reply(world, cal, rng, number, day, asker, summary, c, due, until))
    rows = _trim(rng, rows, n)
    df = pd.DataFrame(rows, columns=CONSULT_HEADER[1:])
    df.insert(0, "STT", np.arange(1, len(df) + 1))
    return df


def _one_reply(world, cal, rng, number, day, asker, summary, consulted, due, until) -> list:
    base = world.late_base[consulted]
    if rng.random() < min(0.7, base * 3 + 0.05):
        reply = cal.add(due, int(rng.geometric(0.2)))
    else:
        reply = cal.add(np.datetime64(day), int(rng.integers(1, 6)))
        reply = min(reply, due)
    reply_d = reply.astype(dt.date)
    answered = reply_d <= until and rng.random() > base * 0.3  # a few are simply never answered
    f = "%d/%m/%Y"
    return [number, f"{day:{f}}", world.spell([asker], rng)[0], summary, world.spell([consulted], rng)[0],
            f"{due.astype(dt.date):{f}}", f"{reply_d:{f}}" if answered else "",
            f"{int(rng.integers(10, 3000))}/{ABBR.get(consulted, 'UBND')}-VP" if answered else ""]


# =========================================================================== internal procedures
NOIBO_FIELDS = {
    "Tổ chức bộ máy": ["Thẩm định đề án thành lập, tổ chức lại đơn vị sự nghiệp công lập", "Giao điều chỉnh biên chế công chức"],
    "Thi đua - Khen thưởng": ["Xét tặng danh hiệu Chiến sĩ thi đua cơ sở", "Quyết định hồ sơ đề nghị tặng Bằng khen"],
    "Tài chính - Ngân sách": ["Phê duyệt dự toán ngân sách", "Thẩm định phương án sử dụng tài sản công"],
    "Đầu tư công": ["Giao kế hoạch đầu tư công trung hạn", "Cho ý kiến về chủ trương đầu tư dự án nhóm C"],
    "Văn thư - Lưu trữ": ["Công nhận tiêu hủy tài liệu hết giá trị", "Thẩm định danh mục hồ sơ nộp lưu"],
    "Thanh tra": ["Phê duyệt kế hoạch thanh tra hằng năm", "Phê duyệt kết luận thanh tra"],
    "Công chức, viên chức": ["Tiếp nhận công chức vào làm việc", "Nâng bậc lương trước thời hạn"],
}
NOIBO_HEADER = ["STT", "Mã thủ tục", "Tên thủ tục hành chính nội bộ", "Lĩnh vực", "Cơ quan chủ trì", "Đã công bố",
                "Ngày công bố", "Có phương án đơn giản hóa", "Đã cắt giảm", "Chi phí tuân thủ trước (VND)",
                "Chi phí tuân thủ sau (VND)"]


def internal_frame(world: World, rng, n: int, until: dt.date) -> pd.DataFrame:
    """Item 7's list: published (target 100 % by end 2023), plans (≥ 50 %), cuts and cost (≥ 20 %)."""
    owners = sorted(world.depts_new)
    eager = {c: rng.uniform(0.6, 1.0) for c in owners}  # how far each agency got with item 7
    fields = list(NOIBO_FIELDS)
    rows, seq = [], {}
    pub_days = pd.date_range(dt.date(2023, 3, 1), until, freq="D")
    for i in range(n):
        a = owners[int(rng.integers(0, len(owners)))]
        seq[a] = seq.get(a, 0) + 1
        f = fields[int(rng.integers(0, len(fields)))]
        name = NOIBO_FIELDS[f][int(rng.integers(0, 2))]
        e = eager[a]
        published = rng.random() < 0.7 + 0.3 * e
        # the eager ones published by end 2023, the others later
        pub = pub_days[int(rng.integers(0, 300 if e > 0.8 else len(pub_days)))] if published else None
        plan = rng.random() < 0.75 * e
        cut = plan and rng.random() < 0.45
        before = int(rng.integers(300, 15_000)) * 1000
        after = int(before * (rng.uniform(0.3, 0.9) if plan else 1.0)) // 1000 * 1000
        blank = rng.random() < 0.03
        rows.append([0, f"NB.{a}.{seq[a]:03d}", name, f, world.spell([a], rng)[0], "Có" if published else "Không",
                     pub, "Có" if plan else "Không", "Có" if cut else "Không",
                     None if blank else before, None if blank else after])
    df = pd.DataFrame(rows, columns=NOIBO_HEADER).sort_values("Mã thủ tục", kind="stable").reset_index(drop=True)
    df["STT"] = np.arange(1, len(df) + 1)
    df["Ngày công bố"] = pd.to_datetime(df["Ngày công bố"])
    for c in NOIBO_HEADER[-2:]:
        df[c] = df[c].astype("Int64")
    return df


# =========================================================================== orchestration
def _rng(seed: int, kind: str) -> np.random.Generator:
    """One stream per kind: changing one kind's volume leaves the others' data unchanged."""
    return np.random.default_rng([seed, sum(kind.encode())])


def generate_files(out_dir: Path, *, until: dt.date, seed: int, scale: float,
                   progress: Progress, volumes: dict[str, int] | None = None) -> tuple[list[tuple[Path, str]], dict[str, int]]:
    """Write every export file; return [(path, profile)] in import order and rows per kind.

    `volumes` overrides the scaled row counts per kind (the page benchmark's 1M dossiers)."""
    cal = Calendar(2023, until.year + 2)
    world = World(load_registry(), _rng(seed, "world"))
    n = {k: max(20, int(round(v * scale))) for k, v in VOLUMES.items()}
    n.update(volumes or {})
    tag = f"{until:%Y-%m-%d}"
    files: list[tuple[Path, str]] = [(REGISTRY, "agency_registry")]
    counts = {}

    progress("Đang tạo dữ liệu hồ sơ TTHC (một cửa cấp huyện, xã)…", 0.05)
    n_local = int(n["dossiers"] * MOTCUA_SHARE)
    rng = _rng(seed, "motcua")
    local = draw_dossiers(world, cal, rng, n_local, until, local=True)
    path = out_dir / f"tthc_motcua_{tag}.xlsx"
    write_xlsx(path, motcua_sheet(world, rng, local, until))
    files.append((path, "motcua"))

    progress("Đang tạo dữ liệu hồ sơ TTHC (OpenCPS các sở, ngành)…", 0.12)
    rng = _rng(seed, "opencps")
    dept = draw_dossiers(world, cal, rng, n["dossiers"] - n_local, until, local=False)
    path = out_dir / f"tthc_opencps_{tag}.csv"
    write_csv(path, opencps_frame(world, rng, dept))
    files.append((path, "opencps"))
    counts["dossiers"] = n["dossiers"]

    progress("Đang tạo dữ liệu nhiệm vụ UBND thành phố giao…", 0.18)
    tasks = task_frame(world, cal, _rng(seed, "tasks"), n["tasks"], until)
    path = out_dir / f"nhiem_vu_{tag}.xlsx"
    write_xlsx(path, Sheet("NhiemVu", list(tasks.columns), tasks,
                           formats={"Ngày văn bản": _XF_DATE, "Hạn xử lý": _XF_DATE, "Ngày hoàn thành": _XF_DATE},
                           widths={"A": 6.7, "B": 14.7, "C": 20.7, "D": 12.7, "F": 34.7, "G": 60.7, "H": 30.7,
                                   "I": 50.7, "J": 12.7, "K": 14.7, "L": 26.7, "M": 40.7}))
    files.append((path, "nhiem_vu"))
    counts["tasks"] = len(tasks)

    progress("Đang tạo dữ liệu phản ánh, kiến nghị…", 0.24)
    pakn = petition_frame(world, cal, _rng(seed, "pakn"), n["petitions"], until)
    path = out_dir / f"pakn_{tag}.xlsx"
    write_xlsx(path, Sheet("PAKN", PAKN_HEADER, pakn,
                           formats={"Ngày tiếp nhận": _XF_DATETIME, "Ngày chuyển gần nhất": _XF_DATETIME,
                                    "Hạn xử lý": _XF_DATE, "Ngày trả lời": _XF_DATETIME},
                           widths={"A": 6.7, "B": 16.7, "C": 60.7, "D": 18.7, "E": 24.7, "F": 17.7, "G": 22.7,
                                   "H": 13.7, "I": 36.7, "J": 30.7, "K": 70.7, "L": 8.7, "M": 17.7, "N": 12.7,
                                   "O": 17.7, "P": 14.7}))
    files.append((path, "pakn"))
    counts["petitions"] = len(pakn)

    progress("Đang tạo dữ liệu xin ý kiến…", 0.30)
    cons = consultation_frame(world, cal, _rng(seed, "consult"), n["consultations"], until)
    path = out_dir / f"xin_y_kien_{tag}.csv"
    write_csv(path, cons)
    files.append((path, "xin_y_kien"))
    counts["consultations"] = len(cons)

    progress("Đang tạo dữ liệu TTHC nội bộ…", 0.34)
    nb = internal_frame(world, _rng(seed, "noibo"), n["internal_procedures"], until)
    path = out_dir / "tthc_noi_bo.xlsx"
    write_xlsx(path, Sheet("TTHC noi bo", NOIBO_HEADER, nb,
                           formats={"Ngày công bố": _XF_DATE, "Chi phí tuân thủ trước (VND)": _XF_MONEY,
                                    "Chi phí tuân thủ sau (VND)": _XF_MONEY},
                           widths={"A": 6.7, "B": 18.7, "C": 60.7, "D": 24.7, "E": 34.7, "F": 10.7, "G": 12.7,
                                   "H": 14.7, "I": 10.7, "J": 18.7, "K": 18.7}))
    files.append((path, "tthc_noi_bo"))
    counts["internal_procedures"] = len(nb)
    return files, counts


def import_files(engine, files: list[tuple[Path, str]], until: dt.date, progress: Progress) -> list[dict]:
    """Load the registry, then each export, through the real importer (profile named explicitly)."""
    from .importer import import_file

    results = []
    for i, (path, profile) in enumerate(files):
        progress(f"Đang nạp tệp {path.name}…", 0.4 + 0.58 * i / len(files))
        res = import_file(engine, path, profile=profile, as_of=until, imported_by=DEMO_USER)
        results.append({"file": path.name, "profile": profile, "status": res.status, "inserted": res.inserted,
                        "updated": res.updated, "unchanged": res.unchanged, "rejected": res.rejected,
                        "flagged": res.flagged, "message": res.message})
    return results


DEMO_USER = "demo"  # import_batch.imported_by of every demo import
DEMO_PROFILES = {"agency_registry", "motcua", "opencps", "nhiem_vu", "pakn", "xin_y_kien", "tthc_noi_bo"}


def demo_state(engine) -> str:
    """'none' (no demo imports), 'complete', 'incomplete' (a build was cut off half-way: e.g.
    the process stopped), or 'mixed' (real imports exist too: never touched automatically)."""
    import sqlalchemy as sa

    from .schema import ImportBatch

    with engine.connect() as conn:
        rows = conn.execute(sa.select(ImportBatch.imported_by, ImportBatch.profile)).all()
    demo = {p for who, p in rows if who == DEMO_USER}
    if not demo:
        return "none"
    if any(who != DEMO_USER for who, _ in rows):
        return "mixed"
    return "complete" if DEMO_PROFILES <= demo else "incomplete"


def clear_demo(engine) -> None:
    """Remove an incomplete demo build (only demo imports exist), so it can be built again."""

    from .schema import Base

    if demo_state(engine) != "incomplete":
        raise RuntimeError("only an incomplete demo build is cleared automatically")
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def build_demo(engine, *, until: dt.date | None = None, seed: int = 20240101, scale: float = 1.0,
               out_dir: Path | None = None, progress: Progress | None = None,
               volumes: dict[str, int] | None = None) -> dict:
    """Generate seeded demo exports from 1/1/2024 to `until` (default today) and import them.

    `engine=None` only writes the files (into `out_dir`, which should then be given).

    Returns {"files": [...], "rows": {kind: n}, "imports": [...], "seconds": {...}, "until": ...}.
    """
    t0 = time.perf_counter()
    until = until or dt.date.today()
    progress = progress or (lambda _m, _f: None)
    tmp = None
    if out_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="oversight_demo_")
        out_dir = Path(tmp.name)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        progress("Đang chuẩn bị danh mục đơn vị và lịch làm việc…", 0.0)
        files, counts = generate_files(out_dir, until=until, seed=seed, scale=scale, progress=progress,
                                       volumes=volumes)
        t1 = time.perf_counter()
        imports = import_files(engine, files, until, progress) if engine is not None else []
        t2 = time.perf_counter()
        progress("Hoàn tất: đã tạo và nạp dữ liệu minh họa." if engine is not None
                 else "Hoàn tất: đã tạo các tệp dữ liệu minh họa.", 1.0)
        return {
            "until": until.isoformat(), "seed": seed, "scale": scale,
            "files": [str(p) for p, _ in files[1:]] if tmp is None else [p.name for p, _ in files[1:]],
            "rows": counts, "imports": imports,
            "seconds": {"generate": round(t1 - t0, 2), "import": round(t2 - t1, 2), "total": round(t2 - t0, 2)},
        }
    finally:
        if tmp is not None:
            tmp.cleanup()


def main(argv: list[str] | None = None) -> None:
    """python -m data_loaders.demo [--db URL] [--until YYYY-MM-DD] [--scale X] [--seed N] [--out DIR]"""
    import argparse
    import json

    from .db import make_engine

    ap = argparse.ArgumentParser(description="Tạo và nạp dữ liệu minh họa Hải Phòng")
    ap.add_argument("--db", help="SQLAlchemy URL (default: OVERSIGHT_DATABASE_URL or the SQLite file)")
    ap.add_argument("--until", type=dt.date.fromisoformat, default=None)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--out", type=Path, default=None, help="keep the generated files in this folder")
    ap.add_argument("--files-only", action="store_true", help="write the files, import nothing")
    a = ap.parse_args(argv)
    engine = None if a.files_only else make_engine(a.db)
    res = build_demo(engine, until=a.until, seed=a.seed, scale=a.scale, out_dir=a.out,
                     progress=lambda m, f: print(f"[{f:4.0%}] {m}", flush=True))
    print(json.dumps(res, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
