"""Interface strings in Vietnamese and English, and the number and date formats of each.

No Streamlit import: the data zone and the exports use this too. Metric labels live in
dashboard.metric_registry (one name per figure); this module holds only the words of the screens.

Why hand-rolled number formatting instead of `locale`: the server's locale is not ours to set
(and `locale.setlocale` is process-wide, so two sessions in two languages would fight over it).
"""
from __future__ import annotations

import datetime as dt
import math

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

# key → (Vietnamese, English). Keep the Vietnamese in NFC with the new tone-mark style ("hóa").
STRINGS: dict[str, tuple[str, str]] = {
    # application and pages
    "app_title": ("Giám sát kỷ luật, kỷ cương hành chính – TP Hải Phòng",
                  "Administrative discipline oversight – Hải Phòng City"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_tasks": ("Nhiệm vụ", "Tasks"),
    "page_dossiers": ("Hồ sơ TTHC", "Dossiers"),
    "page_petitions": ("Phản ánh kiến nghị", "Petitions"),
    "page_consultations": ("Xin ý kiến & TTHC nội bộ", "Consultations & internal procedures"),
    "page_agency": ("Đơn vị", "Agency"),
    "page_data": ("Dữ liệu", "Data"),
    # kinds of work
    "kind_tasks": ("Nhiệm vụ UBND giao", "Tasks assigned"),
    "kind_dossiers": ("Hồ sơ thủ tục hành chính", "Administrative dossiers"),
    "kind_petitions": ("Phản ánh, kiến nghị", "Petitions"),
    "kind_consultations": ("Xin ý kiến", "Consultation requests"),
    "kind_internal_procedures": ("TTHC nội bộ", "Internal procedures"),
    "short_tasks": ("Nhiệm vụ", "Tasks"),
    "short_dossiers": ("Hồ sơ", "Dossiers"),
    "short_petitions": ("PAKN", "Petitions"),
    "short_consultations": ("Xin ý kiến", "Consultations"),
    "short_late_rate": ("% trễ hạn", "% late"),
    "short_overdue": ("đang quá hạn", "overdue now"),
    # start-up
    "demo_building": ("Cơ sở dữ liệu trống: đang tạo dữ liệu minh họa…",
                      "The database is empty: building demo data…"),
    "demo_built": ("Đã tạo dữ liệu minh họa.", "Demo data built."),
    "demo_failed": ("Không tạo được dữ liệu minh họa: {error}", "Could not build the demo data: {error}"),
    "demo_banner": ("Đây là DỮ LIỆU MINH HỌA do máy tạo ra, không phải số liệu thật của các cơ quan. "
                    "Nạp tệp xuất thật ở trang Dữ liệu.",
                    "This is DEMO DATA made up by a generator, not real figures of any agency. "
                    "Import real exports on the Data page."),
    "no_data": ("Chưa có dữ liệu. Hãy nạp tệp ở trang Dữ liệu.", "No data yet. Import files on the Data page."),
    # filters
    "filters": ("Bộ lọc", "Filters"),
    "language": ("Ngôn ngữ", "Language"),
    "as_of": ("Số liệu tính đến ngày", "Figures as of"),
    "as_of_help": ("Mọi số liệu được tính đến hết ngày này. Mặc định là ngày chốt số liệu mới nhất đã nạp.",
                   "Every figure is judged as of the end of this day. Defaults to the latest snapshot imported."),
    "period": ("Kỳ báo cáo (không bắt buộc)", "Reporting period (optional)"),
    "date_from": ("Từ ngày", "From"),
    "date_to": ("Đến ngày", "To"),
    "agency_kind": ("Loại đơn vị", "Kind of agency"),
    "agency": ("Đơn vị", "Agency"),
    "locality": ("Địa bàn", "Locality"),
    "field": ("Lĩnh vực", "Field"),
    "all": ("Tất cả", "All"),
    "reset_filters": ("Xóa bộ lọc", "Clear filters"),
    "level_department": ("Sở, ban, ngành", "Departments"),
    "level_district": ("UBND quận, huyện", "District People's Committees"),
    "level_commune": ("UBND xã, phường, đặc khu", "Commune People's Committees"),
    # context caption
    "ctx_as_of": ("Số liệu tính đến hết ngày {date}", "Figures as of the end of {date}"),
    "ctx_period": ("kỳ từ {start} đến {end}", "period {start} to {end}"),
    "ctx_period_from": ("kỳ từ {start}", "period from {start}"),
    "ctx_period_to": ("kỳ đến {end}", "period up to {end}"),
    "ctx_whole_city": ("toàn thành phố", "whole city"),
    "ctx_kind": ("loại đơn vị: {value}", "kind of agency: {value}"),
    "ctx_agency": ("đơn vị: {value} (gồm các đơn vị trực thuộc)", "agency: {value} (with its sub-units)"),
    "ctx_locality": ("địa bàn: {value}", "locality: {value}"),
    "ctx_field": ("lĩnh vực: {value}", "field: {value}"),
    "ctx_not_applicable": ("Bộ lọc {what} không áp dụng cho {kind}.", "The {what} filter does not apply to {kind}."),
    # KPI cards
    "kpi_target": ("Mục tiêu: {value}", "Target: {value}"),
    "kpi_vs": ("so với {date}", "vs {date}"),
    "kpi_no_value": ("—", "—"),
    "pct_points": ("điểm %", "pp"),
    # overview
    "overview_title": ("Tổng quan kỷ luật, kỷ cương hành chính", "Administrative discipline at a glance"),
    "worst_title": ("10 đơn vị {what} nhiều nhất", "10 agencies with the most {what}"),
    "worst_short": ("{kind}: trễ hạn nhiều nhất", "{kind}: most often late"),
    "trend_last_month": ("tháng cuối chưa trọn tháng, việc mới nhận chưa đến hạn",
                         "the last month is partial; recent items are not due yet"),
    "ten_agencies": ("10 đơn vị", "10 agencies"),
    "worst_none": ("Không có đơn vị nào {what}.", "No agency has {what}."),
    "trend_title": ("Xu hướng theo tháng", "Monthly trend"),
    "map_title": ("Bản đồ tỷ lệ hồ sơ, PAKN trễ hạn theo địa bàn", "Map: share of late dossiers and petitions by locality"),
    "map_units_2025": ("Đơn vị hành chính từ 1/7/2025 (xã, phường, đặc khu)", "Units from 1/7/2025 (communes, wards)"),
    "map_units_before": ("Quận, huyện trước 1/7/2025 (ranh giới gần đúng)", "Districts before 1/7/2025 (approximate)"),
    "map_no_data": ("Không có dữ liệu theo địa bàn cho lựa chọn này.", "No data by locality for this choice."),
    "click_hint": ("Bấm vào một cột hoặc một vùng để mở trang của đơn vị đó.",
                   "Click a bar or a region to open that agency's page."),
    "late_rate": ("Tỷ lệ trễ hạn", "Late share"),
    "late_count": ("Số việc trễ hạn", "Items late"),
    "month": ("Tháng", "Month"),
    "count": ("Số lượng", "Count"),
    "late_items_axis": ("Số việc trễ hạn", "Late items"),
    "report_building": ("Đang tạo báo cáo…", "Building the report…"),
    "report_download": ("Tải xuống {file}", "Download {file}"),
    "report_bieu06": ("Tạo Biểu 06/VPCP/KSTT (.xlsx)", "Make Biểu 06/VPCP/KSTT (.xlsx)"),
    "report_overdue_xlsx": ("Tạo danh sách đơn vị quá hạn, nợ đọng (.xlsx)", "Make the overdue list (.xlsx)"),
    "report_overdue_docx": ("Tạo dự thảo công văn đôn đốc (.docx)", "Make the draft reminder letter (.docx)"),
    "report_pack": ("Tạo tài liệu giao ban (.pdf)", "Make the meeting pack (.pdf)"),
    "agencies_word": ("đơn vị", "agencies"),
    "as_of_short": ("đến {date}", "as of {date}"),
    # agency page
    "agency_pick": ("Chọn một đơn vị để xem chi tiết", "Pick an agency to see its details"),
    "agency_unknown": ("Không tìm thấy đơn vị có mã {code}.", "No agency has the code {code}."),
    "agency_rank": ("Xếp thứ {rank}/{n} trong {peers} (1 = tốt nhất)", "Ranked {rank} of {n} among {peers} (1 = best)"),
    "agency_rank_none": ("Chưa xếp hạng (không có số liệu)", "Not ranked (no figures)"),
    "agency_subunits": ("Đơn vị trực thuộc", "Sub-units"),
    "agency_no_subunits": ("Đơn vị không có đơn vị trực thuộc.", "The agency has no sub-units."),
    "agency_overdue_lists": ("Danh sách việc quá hạn", "Overdue items"),
    "agency_none_overdue": ("Không có việc quá hạn.", "Nothing overdue."),
    "agency_trend": ("Xu hướng theo tháng của đơn vị", "The agency's monthly trend"),
    "agency_self": ("Bản thân đơn vị", "The agency itself"),
    "agency_total": ("Cộng (gồm trực thuộc)", "Total (with sub-units)"),
    "open_agency": ("Mở trang đơn vị", "Open the agency page"),
    "back_overview": ("← Về Tổng quan", "← Back to the overview"),
    "code": ("Mã", "Code"),
    "name": ("Tên", "Name"),
    "days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "deadline": ("Hạn", "Deadline"),
    "received_day": ("Ngày tiếp nhận", "Received"),
    "doc_number": ("Số văn bản", "Document"),
    "doc_date": ("Ngày văn bản", "Document date"),
    "assigned_by": ("Người giao", "Assigned by"),
    "agency_valid_to": ("hoạt động đến {date}", "active until {date}"),
    "summary": ("Trích yếu", "Summary"),
    "procedure": ("Thủ tục", "Procedure"),
    "title": ("Nội dung", "Subject"),
    "transfers": ("Số lần chuyển", "Transfers"),
    "requesting_agency": ("Đơn vị xin ý kiến", "Requesting agency"),
    "sent_day": ("Ngày gửi", "Sent"),
    "dossier_id": ("Mã hồ sơ", "Dossier"),
    "petition_id": ("Mã PAKN", "Petition"),
    "list_limited": ("Hiển thị {shown}/{total} việc quá hạn lâu nhất.", "Showing the {shown} longest overdue of {total}."),
}


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The string `key` in `lang` (Vietnamese when the language is unknown), formatted with values.

    A missing key returns the key itself so a typo shows on screen instead of crashing a page.
    """
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def _is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(x != x) or (isinstance(x, float) and math.isinf(x))  # NaN / pd.NA-safe
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def fmt_number(x, decimals: int = 0, lang: str = DEFAULT_LANG) -> str:
    """1234.5 → '1.234,5' (vi) or '1,234.5' (en); None/NaN → '—'."""
    if _is_missing(x):
        return "—"
    text = f"{float(x):,.{decimals}f}"
    if text in ("-0", "-0." + "0" * decimals):  # no "negative zero" after rounding
        text = text[1:]
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_pct(x, decimals: int = 1, lang: str = DEFAULT_LANG) -> str:
    """A percentage already in 0–100: 90.48 → '90,5 %' (vi) or '90.5%' (en)."""
    if _is_missing(x):
        return "—"
    number = fmt_number(x, decimals, lang)
    return f"{number} %" if lang == "vi" else f"{number}%"


def fmt_date(d) -> str:
    """dd/mm/yyyy in both languages (the form every Vietnamese office writes)."""
    if d is None or _is_missing(d):
        return "—"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return d.strftime("%d/%m/%Y")


def fmt_month(ym: str, lang: str = DEFAULT_LANG) -> str:
    """'2026-11' → '11/2026' (both languages: the Vietnamese month form is also readable in English)."""
    year, month = ym.split("-")[:2]
    return f"{month}/{year}"


def fmt_value(x, unit: str, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """A figure with its registry unit: rates as percentages (`decimals` places), money in VND,
    counts as whole numbers."""
    if unit == "%":
        return fmt_pct(x, decimals, lang)
    if unit == "VND":
        return f"{fmt_number(x, 0, lang)} ₫"
    return fmt_number(x, 0, lang)
