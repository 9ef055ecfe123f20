"""Words and table formatting of the Data page (Dữ liệu). No Streamlit here.

Kept apart from dashboard.i18n (the shared words of every screen) because these words belong
to one page only; the format functions (dd/mm/yyyy, 1.234) are the shared ones of i18n.

Tables are handed to st.dataframe as pandas Stylers: the Styler carries the display text
(Vietnamese dates and numbers) while the cell keeps its real value, so a column still sorts
by number or by date when the user clicks its header.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from data_loaders.fields import KINDS

from .i18n import fmt_date, fmt_number

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Dữ liệu", "Data"),
    "intro": ("Nạp tệp xuất từ các hệ thống (Excel, CSV), xem trước cách đọc và kiểm tra lỗi trước khi ghi; "
              "theo dõi lịch sử nhập, độ mới của dữ liệu và các dòng bị loại hoặc cảnh báo.",
              "Import exports from the source systems (Excel, CSV), preview how they are read and checked "
              "before anything is written; follow the import history, the freshness of the data and the "
              "rejected or flagged rows."),
    "tab_import": ("Nạp tệp", "Import a file"),
    "tab_history": ("Lịch sử nhập", "Import history"),
    "tab_fresh": ("Độ mới dữ liệu", "Freshness"),
    "tab_issues": ("Dòng bị loại, cảnh báo", "Rejected and flagged rows"),
    "tab_metrics": ("Định nghĩa chỉ số", "Metric definitions"),
    # import
    "upload": ("Chọn tệp xuất (xlsx, xls, csv)", "Choose an export file (xlsx, xls, csv)"),
    "upload_help": ("Tệp chỉ được đọc để xem trước; chưa có gì được ghi cho đến khi bấm «Nhập dữ liệu».",
                    "The file is only read for the preview; nothing is written until you press «Import»."),
    "profile": ("Hồ sơ cột (bố cục tệp)", "Column profile (file layout)"),
    "profile_auto": ("Tự động nhận dạng", "Recognise automatically"),
    "profile_help": ("Tự động: chọn hồ sơ cột có sẵn khớp với tiêu đề cột, nếu không thì nhận cột theo tên.",
                     "Automatic: the built-in profile matching the headers, else columns recognised by name."),
    "snapshot": ("Ngày chốt số liệu của tệp", "Snapshot date of the file"),
    "snapshot_help": ("Số liệu trong tệp được đánh giá đến hết ngày này. Mặc định lấy ngày trong tên tệp.",
                      "Rows are judged as of the end of this day. Defaults to the date in the file name."),
    "strict": ("Không nhập nếu có dòng lỗi", "Import nothing if any row has an error"),
    "waiting": ("Chọn một tệp để xem trước.", "Choose a file to preview it."),
    "reading": ("Đang đọc và kiểm tra tệp…", "Reading and checking the file…"),
    "chosen_profile": ("Nhận dạng: hồ sơ cột **{profile}** — {kind}.", "Recognised: profile **{profile}** — {kind}."),
    "chosen_auto": ("Không hồ sơ cột có sẵn nào khớp trọn vẹn: các cột được **nhận tự động theo tên** ({kind}). "
                    "Hãy kiểm tra bảng ánh xạ cột.",
                    "No built-in profile fits whole: columns were **recognised by name** ({kind}). "
                    "Check the column mapping."),
    "refused": ("Tệp bị từ chối, không có gì được ghi: {message}", "File refused, nothing written: {message}"),
    "empty": ("Tệp không có dòng dữ liệu: {message}", "The file has no data rows: {message}"),
    "same_file": ("Tệp này (cùng nội dung) đã được nhập ngày {when} (lần nhập số {id}); nhập lại sẽ không thay đổi gì.",
                  "This very file was imported on {when} (import no. {id}); importing it again changes nothing."),
    "rows_read": ("Dòng đọc được", "Rows read"),
    "to_load": ("Sẽ được nạp", "Will be loaded"),
    "rejected": ("Bị loại (lỗi)", "Rejected (errors)"),
    "flagged": ("Cảnh báo (vẫn nạp)", "Flagged (loaded)"),
    "merged": ("Dòng lặp gộp", "Repeats merged"),
    "skipped": ("Dòng bỏ qua", "Rows skipped"),
    "skipped_help": ("Dòng trống, dòng tổng cộng, tiêu đề lặp lại.", "Blank, total and repeated header rows."),
    "mapping": ("Ánh xạ cột", "Column mapping"),
    "col_header": ("Cột trong tệp", "Column in the file"),
    "col_field": ("Trường dữ liệu", "Field"),
    "col_code": ("Tên trường lưu trữ", "Stored as"),
    "col_required": ("Bắt buộc", "Required"),
    "col_note": ("Ghi chú", "Note"),
    "personal_dropped": ("Dữ liệu cá nhân: không lưu", "Personal data: not stored"),
    "personal_hashed": ("Dữ liệu cá nhân: chỉ lưu mã băm để đếm trùng, không đọc ngược được",
                        "Personal data: kept only as a keyed hash to count repeats, cannot be read back"),
    "ignored": ("Cột không dùng: {cols}", "Columns not used: {cols}"),
    "first_rows": ("{n} dòng đầu tiên như sẽ được lưu", "The first {n} rows as they will be stored"),
    "no_rows": ("Không có dòng nào được nạp.", "No row would be loaded."),
    "report": ("Báo cáo kiểm tra", "Validation report"),
    "errors": ("Lỗi — dòng bị loại ({n})", "Errors — rows rejected ({n})"),
    "warnings": ("Cảnh báo — dòng vẫn được nạp và gắn cờ ({n})", "Warnings — rows loaded and flagged ({n})"),
    "no_issues": ("Không có dòng lỗi hay cảnh báo.", "No errors or warnings."),
    "line": ("Dòng", "Line"),
    "record_id": ("Mã", "Id"),
    "reasons": ("Lý do", "Reasons"),
    "column": ("Cột", "Column"),
    "value": ("Giá trị", "Value"),
    "download_report": ("Tải báo cáo kiểm tra (CSV)", "Download the validation report (CSV)"),
    "import_button": ("Nhập dữ liệu", "Import"),
    "import_disabled": ("Không thể nhập tệp này.", "This file cannot be imported."),
    "importing": ("Đang ghi vào cơ sở dữ liệu…", "Writing to the database…"),
    "imported": ("Đã nhập «{file}»: {inserted} mới, {updated} cập nhật, {unchanged} không đổi, "
                 "{rejected} bị loại, {flagged} cảnh báo.",
                 "Imported «{file}»: {inserted} new, {updated} updated, {unchanged} unchanged, "
                 "{rejected} rejected, {flagged} flagged."),
    "import_refused": ("Không nhập: {message}", "Not imported: {message}"),
    # history
    "history_empty": ("Chưa có lần nhập nào.", "Nothing imported yet."),
    "h_id": ("Số", "No."),
    "h_file": ("Tệp", "File"),
    "h_kind": ("Loại dữ liệu", "Kind"),
    "h_profile": ("Hồ sơ cột", "Profile"),
    "h_snapshot": ("Ngày chốt số liệu", "Snapshot"),
    "h_inserted": ("Mới", "New"),
    "h_updated": ("Cập nhật", "Updated"),
    "h_unchanged": ("Không đổi", "Unchanged"),
    "h_started": ("Thời điểm nhập", "Imported at"),
    "h_by": ("Người nhập", "By"),
    "demo_user": ("dữ liệu minh họa", "demo data"),
    # freshness
    "stale_days": ("Coi là cũ khi chậm hơn ngày chốt mới nhất (ngày)", "Stale when older than the newest snapshot by (days)"),
    "fresh_sources": ("Theo nguồn", "By source"),
    "fresh_agencies": ("Theo đơn vị", "By agency"),
    "fresh_sources_caption": ("Ngày chốt số liệu mới nhất của mỗi nguồn; so với nguồn mới nhất ({date}).",
                              "Latest snapshot of each source, compared with the newest source ({date})."),
    "fresh_agencies_caption": ("Lần gần nhất dữ liệu của đơn vị được gửi mới hoặc thay đổi, so với ngày chốt mới nhất "
                               "của cùng loại dữ liệu. Đơn vị đã giải thể không bị coi là cũ.",
                               "The last snapshot in which the agency's records arrived or changed, compared with the "
                               "newest snapshot of the same kind. Dissolved agencies are never counted as stale."),
    "stale_count": ("{n} nguồn/đơn vị có dữ liệu cũ (tô màu).", "{n} sources/agencies have stale data (highlighted)."),
    "none_stale": ("Không có dữ liệu cũ.", "No stale data."),
    "only_stale": ("Chỉ hiện dữ liệu cũ", "Stale only"),
    "f_last_snapshot": ("Ngày chốt gần nhất", "Latest snapshot"),
    "f_last_import": ("Lần nhập gần nhất", "Last imported"),
    "f_imports": ("Số lần nhập", "Imports"),
    "f_age": ("Chậm (ngày)", "Behind (days)"),
    "f_stale": ("Cũ", "Stale"),
    "f_agency": ("Đơn vị", "Agency"),
    "f_agency_kind": ("Loại đơn vị", "Kind of agency"),
    "f_last_record": ("Bản ghi mới nhất", "Latest record"),
    "f_records": ("Số bản ghi", "Records"),
    "f_valid_to": ("Hiệu lực đến", "Valid to"),
    "f_kind_snapshot": ("Ngày chốt mới nhất của loại", "Newest snapshot of the kind"),
    "yes": ("Có", "Yes"),
    "no": ("", ""),
    # issues
    "issues_rejected": ("Dòng bị loại và cảnh báo khi nhập", "Rows rejected or flagged at import"),
    "issues_filter_file": ("Lần nhập", "Import"),
    "issues_all_files": ("Tất cả các lần nhập", "All imports"),
    "issues_grade": ("Mức", "Grade"),
    "grade_error": ("Lỗi (bị loại)", "Error (rejected)"),
    "grade_warning": ("Cảnh báo (đã nạp)", "Warning (loaded)"),
    "issues_empty": ("Không có dòng bị loại hay cảnh báo.", "No rejected or flagged rows."),
    "issues_limited": ("Hiển thị {shown} dòng đầu.", "Showing the first {shown} rows."),
    "by_reason": ("Số dòng theo lý do", "Rows by reason"),
    "flagged_records": ("Bản ghi đang mang cảnh báo", "Records carrying warnings"),
    "flagged_empty": ("Không có bản ghi nào mang cảnh báo.", "No record carries a warning."),
    "rows": ("Số dòng", "Rows"),
    "flags": ("Cảnh báo", "Warnings"),
    # metrics
    "metrics_caption": ("Mỗi chỉ số được định nghĩa một lần; mọi trang, báo cáo và dòng lệnh dùng cùng định nghĩa.",
                        "Every metric is defined once; every page, report and the command line use that definition."),
    "m_kind": ("Loại công việc", "Kind of work"),
    "m_name": ("Mã chỉ số", "Metric"),
    "m_label": ("Tên", "Name"),
    "m_description": ("Mô tả", "Description"),
    "m_formula": ("Công thức", "Formula"),
    "m_unit": ("Đơn vị tính", "Unit"),
    "m_direction": ("Chiều tốt", "Better when"),
    "m_target": ("Mục tiêu, chiều tốt", "Target, better when"),
    "m_target_source": ("Căn cứ", "Source"),
}


def tx(key: str, lang: str = "vi", **values) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def kind_label(kind: str | None, lang: str = "vi") -> str:
    if kind not in KINDS:
        return kind or ""
    return KINDS[kind].vi if lang == "vi" else kind.replace("_", " ")


# ---------------------------------------------------------------------- stored-column labels
_DAY_OF = {"received_day": "received_at", "due_day": "due_at", "finished_day": "finished_at",
           "returned_day": "returned_at", "completed_day": "completed_at", "answered_day": "answered_at",
           "sent_day": "sent_at", "replied_day": "replied_at"}
_EXTRA = {
    "agency_code": ("Mã đơn vị", "Agency code"), "lead_agency_code": ("Mã đơn vị chủ trì", "Lead agency code"),
    "consulted_agency_code": ("Mã đơn vị được xin ý kiến", "Consulted agency code"),
    "requesting_agency_code": ("Mã đơn vị xin ý kiến", "Requesting agency code"),
    "locality_code": ("Mã địa bàn", "Locality code"), "deadline_exact": ("Hạn tính theo giờ", "Deadline by the hour"),
    "flags": ("Cảnh báo", "Warnings"), "source_profile": ("Hồ sơ cột", "Profile"),
}


def stored_column_label(kind: str | None, column: str, lang: str = "vi") -> str:
    """The Vietnamese (or English) name of a stored column, from the field list where it has one."""
    i = 0 if lang == "vi" else 1
    fields = {f.name: f for f in KINDS[kind].fields} if kind in KINDS else {}
    if column in _DAY_OF and _DAY_OF[column] in fields:
        f = fields[_DAY_OF[column]]
        return f"{(f.vi, f.en)[i]} ({('ngày', 'day')[i]})"
    if column in fields:
        f = fields[column]
        return (f.vi, f.en)[i]
    if column in _EXTRA:
        return _EXTRA[column][i]
    return column


# ---------------------------------------------------------------------- formatting
def fmt_datetime(x) -> str:
    """dd/mm/yyyy, with HH:MM when the value has a time of day."""
    if x is None or x is pd.NaT or (not isinstance(x, str) and pd.isna(x)):
        return ""
    ts = pd.Timestamp(x)
    if ts.hour or ts.minute or ts.second:
        return ts.strftime("%d/%m/%Y %H:%M")
    return fmt_date(ts.date())


def _is_datetime_col(s: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(s):
        return True
    sample = s.dropna()
    return len(sample) > 0 and isinstance(sample.iloc[0], (dt.date, dt.datetime, pd.Timestamp))


ROW_PX = 35  # st.dataframe's row (and header) height


def fit_height(n_rows: int, max_rows: int = 20) -> int:
    """A table height showing every row up to `max_rows` (then it scrolls): small tables are not
    cut after ten rows, big ones do not push the rest of the page out of sight."""
    return ROW_PX * (min(max(n_rows, 1), max_rows) + 1) + 3


def styled(df: pd.DataFrame, lang: str = "vi", *, stale: pd.Series | None = None,
           labels: dict[str, str] | None = None):
    """A Styler with Vietnamese dates (dd/mm/yyyy[ HH:MM]) and numbers (1.234), rows where
    `stale` is true on a light amber background, and columns renamed to `labels`.

    Renaming happens on a copy before styling, so the Styler's formatters are keyed by the
    labels the user sees; `stale` is aligned by position.
    """
    out = df.reset_index(drop=True)
    if labels:
        out = out.rename(columns={k: v for k, v in labels.items() if k in out.columns})
    fmt = {}
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean":
            fmt[c] = lambda v: "✓" if v is True or v == True else ""  # noqa: E712 - numpy bools
        elif _is_datetime_col(s):
            fmt[c] = fmt_datetime  # a day at 00:00 shows as the day alone
        elif pd.api.types.is_integer_dtype(s) or pd.api.types.is_float_dtype(s):
            decimals = 0 if pd.api.types.is_integer_dtype(s) or (s.dropna() % 1 == 0).all() else 1
            fmt[c] = (lambda d: lambda v: "" if pd.isna(v) else fmt_number(v, d, lang))(decimals)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            # an empty text cell is empty, not the grey "None" st.dataframe draws for nulls
            out[c] = s.astype(object).where(s.notna(), "")
    styler = out.style.format(fmt, na_rep="")
    if stale is not None and len(out):
        mask = pd.Series(stale).reset_index(drop=True).fillna(False).astype(bool)

        def paint(row):
            return ["background-color: #fde2b8" if mask.iloc[row.name] else ""] * len(row)

        styler = styler.apply(paint, axis=1)
    return styler


def _breakable(code: str) -> str:
    """Let long identifiers (received_in_person_or_postal) wrap in a table cell: a zero-width
    space after each underscore. Display only; the registry keeps the plain names."""
    return code.replace("_", "_\u200b")


def metric_table(defs: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """import_preview.metric_definitions of one kind as five readable columns for st.table:
    name (with its code), description (with the legal source), formula, unit, target and which
    way is better. Eight narrow columns did not fit a tablet; these wrap."""
    def target(r) -> str:
        parts = []
        if pd.notna(r.target):
            v = float(r.target)
            parts.append(f"{fmt_number(v, 0 if v.is_integer() else 1, lang)}{' %' if r.unit == '%' else ''}")
        if r.direction:
            parts.append(f"({r.direction})" if parts else r.direction)
        return " ".join(parts)

    src = ("Căn cứ: " if lang == "vi" else "Source: ")
    return pd.DataFrame({
        tx("m_label", lang): [f"{r.label} · {_breakable(r.name)}" for r in defs.itertuples()],
        tx("m_description", lang): [r.description + (f" {src}{r.target_source}." if r.target_source else "")
                                    for r in defs.itertuples()],
        tx("m_formula", lang): [_breakable(f) for f in defs["formula"]],
        tx("m_unit", lang): defs["unit"].tolist(),
        tx("m_target", lang): [target(r) for r in defs.itertuples()],
    })
