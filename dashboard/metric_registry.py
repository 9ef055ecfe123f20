"""Every metric declared once: labels (vi/en), description, formula, unit, direction, target.

Pages, exports and the briefing screen take their labels and targets from here, so that one
figure never carries two names or two formulas (the complaint users of other dashboards make
most). Counts come from dashboard.metrics.figures / breakdowns; rates are derived here from those
counts by `add_rates`, with the numerator and denominator kept beside the rate.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"


@dataclass(frozen=True)
class Metric:
    name: str
    kinds: tuple[str, ...]
    vi: str
    en: str
    desc_vi: str
    desc_en: str
    formula: str
    unit: str                       # "hồ sơ", "nhiệm vụ", "VND", "%", "ngày làm việc", …
    direction: str = NEUTRAL        # which way is better
    target: float | None = None     # a threshold from the directive, where it sets one
    target_source: str | None = None
    numerator: tuple[str, ...] = ()  # rates: sum of these columns …
    denominator: tuple[str, ...] = ()  # … divided by the sum of these, × 100, rounded to 2 places

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)


DOS, TSK, CON, PET, IPR = "dossiers", "tasks", "consultations", "petitions", "internal_procedures"
TC = (TSK, CON)
_DIRECTIVE = "Văn bản 2598/UBND-KSTTHC (24/10/2023), mục 7"


def _m(name, kinds, vi, en, desc_vi, desc_en, formula, unit, direction=NEUTRAL, **kw) -> Metric:
    return Metric(name, tuple(kinds) if isinstance(kinds, (tuple, list)) else (kinds,), vi, en, desc_vi, desc_en,
                  formula, unit, direction, **kw)


METRICS: tuple[Metric, ...] = (
    # ----------------------------------------------------------------- dossiers (Biểu 06)
    _m("received", DOS, "Tiếp nhận trong kỳ", "Received in the period",
       "Hồ sơ tiếp nhận trong kỳ (hoặc đến ngày số liệu khi không chọn kỳ).",
       "Dossiers received in the period (or up to the as-of day when no period is chosen).",
       "received day in [from, end]", "hồ sơ"),
    _m("received_online", DOS, "Tiếp nhận trực tuyến", "Received online",
       "Hồ sơ tiếp nhận trong kỳ qua dịch vụ công trực tuyến.", "Dossiers received online in the period.",
       "received in the period and channel = online", "hồ sơ", HIGHER),
    _m("received_in_person_or_postal", DOS, "Tiếp nhận trực tiếp và bưu chính", "Received in person or by post",
       "Hồ sơ tiếp nhận trong kỳ không qua mạng (trực tiếp, bưu chính công ích, hoặc không rõ kênh).",
       "Dossiers received in the period not online (in person, public postal service, or channel unknown).",
       "received − received online", "hồ sơ"),
    _m("carried_over", DOS, "Từ kỳ trước chuyển sang", "Carried over",
       "Hồ sơ tiếp nhận trước kỳ và chưa trả kết quả trước ngày đầu kỳ.",
       "Dossiers received before the period and not returned before its first day.",
       "received day < from and (no return day or return day >= from); 0 without a period", "hồ sơ"),
    _m("resolved", DOS, "Đã giải quyết", "Resolved",
       "Hồ sơ đã trả kết quả trong kỳ.", "Dossiers whose result was returned in the period.",
       "return day in [from, end]", "hồ sơ"),
    _m("resolved_early", DOS, "Giải quyết trước hạn", "Resolved early",
       "Hồ sơ trả kết quả trước ngày hẹn trả.", "Resolved before the due day.",
       "resolved and return day < due day", "hồ sơ", HIGHER),
    _m("resolved_on_time", DOS, "Giải quyết đúng hạn", "Resolved on time",
       "Hồ sơ trả kết quả đúng ngày hẹn trả (nguồn tính theo giờ: không muộn hơn giờ hẹn).",
       "Resolved on the due day (exact sources: not after the due time).",
       "resolved and return day = due day (exact: return time <= due time)", "hồ sơ", HIGHER),
    _m("resolved_late", DOS, "Giải quyết quá hạn", "Resolved late",
       "Hồ sơ trả kết quả sau ngày hẹn trả (nguồn tính theo giờ: sau giờ hẹn).",
       "Resolved after the due day (exact sources: after the due time).",
       "resolved and return day > due day (exact: return time > due time)", "hồ sơ", LOWER),
    _m("in_progress", DOS, "Đang giải quyết", "In progress",
       "Hồ sơ chưa trả kết quả đến cuối kỳ.", "Dossiers not returned by the end of the period.",
       "received day <= end and (no return day or return day > end)", "hồ sơ"),
    _m("in_progress_on_time", DOS, "Đang giải quyết trong hạn", "In progress, within deadline",
       "Hồ sơ đang giải quyết có ngày hẹn trả từ ngày cuối kỳ trở đi.",
       "In progress with a due day on or after the last day of the period.",
       "in progress and due day >= end (exact: due time >= end 23:59:59)", "hồ sơ"),
    _m("in_progress_overdue", DOS, "Đang giải quyết quá hạn", "In progress, overdue",
       "Hồ sơ đang giải quyết đã quá ngày hẹn trả.", "In progress past the due day.",
       "in progress and due day < end (exact: due time < end 23:59:59)", "hồ sơ", LOWER),
    _m("late_with_apology", DOS, "Quá hạn có phiếu xin lỗi", "Late with an apology letter",
       "Hồ sơ quá hạn (đã trả hoặc đang giải quyết) có phiếu xin lỗi và hẹn lại ngày trả.",
       "Late dossiers (resolved late or overdue in progress) that got an apology letter with a new date.",
       "(resolved late or in progress overdue) and apology issued", "hồ sơ", HIGHER),
    _m("on_time_rate_pct", DOS, "Tỷ lệ giải quyết đúng hạn", "On-time rate",
       "Tỷ lệ hồ sơ trả kết quả trước hạn hoặc đúng hạn trên tổng số đã giải quyết.",
       "Share of resolved dossiers returned early or on time.",
       "round(100 × (early + on time) / resolved, 2); empty when resolved = 0", "%", HIGHER, target=100.0,
       target_source="Văn bản 2598/UBND-KSTTHC, mục 8 (không để hồ sơ quá hạn)",
       numerator=("resolved_early", "resolved_on_time"), denominator=("resolved",)),
    _m("online_rate_pct", DOS, "Tỷ lệ tiếp nhận trực tuyến", "Online share",
       "Tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số tiếp nhận trong kỳ.", "Share of dossiers received online.",
       "round(100 × received online / received, 2)", "%", HIGHER,
       numerator=("received_online",), denominator=("received",)),
    _m("overdue_in_progress_pct", DOS, "Tỷ lệ đang giải quyết quá hạn", "Overdue share of work in progress",
       "Tỷ lệ hồ sơ quá hạn trong số hồ sơ đang giải quyết.", "Share of dossiers in progress that are overdue.",
       "round(100 × in progress overdue / in progress, 2)", "%", LOWER, target=0.0,
       numerator=("in_progress_overdue",), denominator=("in_progress",)),
    _m("apology_rate_pct", DOS, "Tỷ lệ hồ sơ quá hạn có phiếu xin lỗi", "Apology rate of late dossiers",
       "Tỷ lệ hồ sơ quá hạn đã có phiếu xin lỗi và hẹn lại ngày trả.",
       "Share of late dossiers that got an apology letter.",
       "round(100 × late with apology / (resolved late + in progress overdue), 2)", "%", HIGHER, target=100.0,
       numerator=("late_with_apology",), denominator=("resolved_late", "in_progress_overdue")),
    _m("late_rate_pct", DOS, "Tỷ lệ hồ sơ trễ hạn", "Late share of dossiers",
       "Tỷ lệ hồ sơ đã giải quyết quá hạn hoặc đang giải quyết quá hạn, trên tổng số đã và đang giải quyết.",
       "Share of dossiers resolved late or overdue in progress, out of all resolved and in progress.",
       "round(100 × (resolved late + in progress overdue) / (resolved + in progress), 2)", "%", LOWER,
       target=0.0, target_source="Văn bản 2598/UBND-KSTTHC, mục 8",
       numerator=("resolved_late", "in_progress_overdue"), denominator=("resolved", "in_progress")),
    # ----------------------------------------------------------------- dossier lateness (breakdowns)
    _m("late_total", (DOS, TSK, CON, PET), "Tổng số trễ hạn", "Late, total",
       "Đã giải quyết (hoàn thành, trả lời) quá hạn cộng đang xử lý quá hạn.",
       "Resolved (done, answered) late plus still open past the deadline.",
       "resolved late + in progress overdue (tasks: done late + open overdue)", "việc", LOWER),
    _m("lateness_wd_sum", DOS, "Tổng số ngày làm việc trễ", "Working days late, total",
       "Tổng số ngày làm việc trễ hạn của các hồ sơ trễ.", "Sum of working days late over late dossiers.",
       "Σ working days d with due day < d <= (return day, or end day when open)", "ngày làm việc", LOWER),
    _m("lateness_wd_max", DOS, "Số ngày làm việc trễ lớn nhất", "Working days late, maximum",
       "Số ngày làm việc trễ của hồ sơ trễ nhất.", "Working days late of the latest dossier.",
       "max of the above", "ngày làm việc", LOWER),
    # ----------------------------------------------------------------- tasks and consultations
    _m("total", TC, "Tổng số", "Total",
       "Nhiệm vụ được giao (ý kiến được xin) trong kỳ, hoặc đến ngày số liệu.",
       "Tasks assigned (consultations requested) in the period, or up to the as-of day.",
       "start day (document / sent day) in [from, end]", "việc"),
    _m("done_on_time", TC, "Hoàn thành đúng hạn", "Done on time",
       "Hoàn thành (đã trả lời) không muộn hơn hạn.", "Done (replied) on or before the deadline day.",
       "done day <= end and done day <= due day", "việc", HIGHER),
    _m("done_late", TC, "Hoàn thành quá hạn", "Done late",
       "Hoàn thành (đã trả lời) sau hạn.", "Done (replied) after the deadline day.",
       "done day <= end and done day > due day", "việc", LOWER),
    _m("open_on_time", TC, "Đang thực hiện trong hạn", "Open, within deadline",
       "Chưa hoàn thành, hạn từ ngày cuối kỳ trở đi.", "Not done yet, deadline on or after the end day.",
       "not done by end and due day >= end", "việc"),
    _m("open_overdue", (TSK, CON, PET), "Quá hạn chưa xử lý (nợ đọng)", "Open and overdue (backlog)",
       "Chưa hoàn thành / chưa trả lời mà đã quá hạn.", "Not done / not answered and past the deadline.",
       "not done by end and due day < end", "việc", LOWER, target=0.0,
       target_source="Văn bản 2598/UBND-KSTTHC, mục 3, 11"),
    _m("no_deadline_done", TC, "Không thời hạn – đã hoàn thành", "No deadline – done",
       "Không có hạn, đã hoàn thành.", "Without deadline, done.", "no due day and done day <= end", "việc"),
    _m("no_deadline_open", TC, "Không thời hạn – chưa hoàn thành", "No deadline – open",
       "Không có hạn, chưa hoàn thành.", "Without deadline, not done.", "no due day and not done by end", "việc"),
    _m("done_on_time_rate_pct", TC, "Tỷ lệ hoàn thành đúng hạn", "Done on-time rate",
       "Tỷ lệ hoàn thành đúng hạn trên số đã hoàn thành có thời hạn.",
       "Share of done items with a deadline that were done on time.",
       "round(100 × done on time / (done on time + done late), 2)", "%", HIGHER, target=100.0,
       numerator=("done_on_time",), denominator=("done_on_time", "done_late")),
    _m("overdue_days_sum", TC, "Tổng số ngày quá hạn", "Days overdue, total",
       "Tổng số ngày (lịch) quá hạn: hoàn thành − hạn với việc hoàn thành quá hạn, ngày cuối kỳ − hạn với việc "
       "đang quá hạn.", "Calendar days past the deadline: completion − deadline for late ones, end − deadline "
       "for open overdue ones.", "Σ (done day − due day) + Σ (end − due day)", "ngày", LOWER),
    _m("overdue_count", TC, "Số việc quá hạn", "Items overdue",
       "Số việc hoàn thành quá hạn hoặc đang quá hạn.", "Items done late or open past the deadline.",
       "done late + open overdue", "việc", LOWER),
    _m("overdue_days_max", TC, "Số ngày quá hạn lớn nhất", "Days overdue, maximum",
       "Số ngày (lịch) quá hạn của việc trễ nhất.", "Calendar days overdue of the latest item.",
       "max of the above", "ngày", LOWER),
    # ----------------------------------------------------------------- petitions
    _m("total", PET, "Tổng số phản ánh, kiến nghị", "Petitions", "PAKN tiếp nhận trong kỳ hoặc đến ngày số liệu.",
       "Petitions received in the period or up to the as-of day.", "received day in [from, end]", "PAKN"),
    _m("open", PET, "Đang xử lý", "Open", "PAKN chưa có ngày trả lời đến cuối kỳ.", "Not answered by the end.",
       "no answer day <= end", "PAKN"),
    _m("answered", PET, "Đã trả lời", "Answered", "PAKN đã trả lời (kể cả từ chối, công khai).",
       "Answered (including rejected and published).", "answer day <= end", "PAKN"),
    _m("answered_on_time", PET, "Trả lời đúng hạn", "Answered on time", "Trả lời không muộn hơn hạn xử lý.",
       "Answered on or before the deadline day.", "answered and answer day <= due day", "PAKN", HIGHER),
    _m("answered_late", PET, "Trả lời quá hạn", "Answered late", "Trả lời sau hạn xử lý.",
       "Answered after the deadline day.", "answered and answer day > due day", "PAKN", LOWER),
    _m("transferred_3_or_more", PET, "Chuyển từ 3 lần trở lên", "Transferred 3 times or more",
       "PAKN bị chuyển qua lại giữa các cơ quan từ 3 lần trở lên (đùn đẩy, lòng vòng).",
       "Petitions passed between agencies 3 times or more.", "transfer count >= 3", "PAKN", LOWER, target=0.0,
       target_source="Văn bản 2598/UBND-KSTTHC, mục 9"),
    _m("answered_on_time_rate_pct", PET, "Tỷ lệ trả lời đúng hạn", "Answered on-time rate",
       "Tỷ lệ PAKN trả lời đúng hạn trên tổng số đã trả lời.", "Share of answered petitions answered on time.",
       "round(100 × answered on time / answered, 2)", "%", HIGHER, target=100.0,
       numerator=("answered_on_time",), denominator=("answered",)),
    _m("late_rate_pct", PET, "Tỷ lệ PAKN trễ hạn", "Late share of petitions",
       "Tỷ lệ PAKN trả lời quá hạn hoặc chưa trả lời mà đã quá hạn, trên tổng số đã và đang xử lý.",
       "Share of petitions answered late or open past the deadline, out of all answered and open.",
       "round(100 × (answered late + open overdue) / (answered + open), 2)", "%", LOWER, target=0.0,
       target_source="Văn bản 2598/UBND-KSTTHC, mục 9",
       numerator=("answered_late", "open_overdue"), denominator=("answered", "open")),
    _m("late_rate_pct", TC, "Tỷ lệ trễ hạn", "Late share",
       "Tỷ lệ việc hoàn thành quá hạn hoặc đang quá hạn trên tổng số việc.",
       "Share of items done late or open past the deadline, out of all items.",
       "round(100 × (done late + open overdue) / total, 2)", "%", LOWER, target=0.0,
       target_source="Văn bản 2598/UBND-KSTTHC, mục 3, 5, 11",
       numerator=("done_late", "open_overdue"), denominator=("total",)),
    # ----------------------------------------------------------------- internal procedures (item 7)
    _m("total", IPR, "Tổng số TTHC nội bộ", "Internal procedures", "Thủ tục hành chính nội bộ của cơ quan.",
       "Internal administrative procedures of the agency.", "count", "thủ tục"),
    _m("published", IPR, "Đã công bố", "Published", "TTHC nội bộ đã được công bố đến ngày số liệu.",
       "Internal procedures published by the as-of day.", "published and (no date or date <= end)", "thủ tục",
       HIGHER),
    _m("simplification_plan", IPR, "Có phương án đơn giản hóa", "With a simplification plan",
       "TTHC nội bộ có phương án đơn giản hóa.", "Procedures with a simplification plan.", "plan = yes", "thủ tục",
       HIGHER),
    _m("cut", IPR, "Đã cắt giảm", "Cut", "TTHC nội bộ đã được cắt giảm.", "Procedures cut.", "cut = yes",
       "thủ tục", HIGHER),
    _m("cost_before", IPR, "Chi phí tuân thủ trước", "Compliance cost before",
       "Tổng chi phí tuân thủ trước đơn giản hóa, chỉ tính thủ tục có đủ cả hai chi phí.",
       "Compliance cost before simplification, over procedures with both costs given.",
       "Σ cost before where both costs are given", "VND"),
    _m("cost_after", IPR, "Chi phí tuân thủ sau", "Compliance cost after",
       "Tổng chi phí tuân thủ sau đơn giản hóa, chỉ tính thủ tục có đủ cả hai chi phí.",
       "Compliance cost after simplification, over procedures with both costs given.",
       "Σ cost after where both costs are given", "VND", LOWER),
    _m("published_pct", IPR, "Tỷ lệ công bố", "Published share", "Tỷ lệ TTHC nội bộ đã công bố.",
       "Share of internal procedures published.", "round(100 × published / total, 2)", "%", HIGHER,
       target=100.0, target_source=_DIRECTIVE, numerator=("published",), denominator=("total",)),
    _m("plan_pct", IPR, "Tỷ lệ có phương án đơn giản hóa", "Simplification plan share",
       "Tỷ lệ TTHC nội bộ có phương án đơn giản hóa.", "Share with a simplification plan.",
       "round(100 × simplification plan / total, 2)", "%", HIGHER, target=50.0, target_source=_DIRECTIVE,
       numerator=("simplification_plan",), denominator=("total",)),
    _m("cut_pct", IPR, "Tỷ lệ cắt giảm", "Cut share", "Tỷ lệ TTHC nội bộ đã cắt giảm.", "Share of procedures cut.",
       "round(100 × cut / total, 2)", "%", HIGHER, target=20.0, target_source=_DIRECTIVE,
       numerator=("cut",), denominator=("total",)),
    _m("cost_reduction_pct", IPR, "Tỷ lệ cắt giảm chi phí tuân thủ", "Compliance cost reduction",
       "Tỷ lệ chi phí tuân thủ cắt giảm được.", "Share of compliance cost cut.",
       "round(100 × (cost before − cost after) / cost before, 2)", "%", HIGHER, target=20.0,
       target_source=_DIRECTIVE, numerator=("cost_before", "-cost_after"), denominator=("cost_before",)),
)

# Lateness histogram buckets (dashboard.breakdowns.LATENESS_BINS), declared from one list.
_BINS = (("0", "late_wd_0"), ("1", "late_wd_1"), ("2-3", "late_wd_2_3"), ("4-5", "late_wd_4_5"),
         ("6-10", "late_wd_6_10"), ("11-20", "late_wd_11_20"), (">20", "late_wd_over_20"))
METRICS += tuple(
    _m(col, DOS, f"Trễ {label} ngày làm việc", f"Late {label} working days",
       f"Số hồ sơ trễ hạn {label} ngày làm việc.", f"Late dossiers with {label} working days of lateness.",
       f"late dossiers with lateness_wd in {label}", "hồ sơ", LOWER if label != "0" else NEUTRAL)
    for label, col in _BINS)

# The metric of a column per kind; a name shared by several kinds ("total") is declared per kind.
REGISTRY: dict[tuple[str, str], Metric] = {}
for _metric in METRICS:
    for _kind in _metric.kinds:
        if (_kind, _metric.name) in REGISTRY:
            raise RuntimeError(f"metric {_kind}.{_metric.name} declared twice")
        REGISTRY[(_kind, _metric.name)] = _metric


def get(kind: str, name: str) -> Metric:
    return REGISTRY[(kind, name)]


def for_kind(kind: str) -> list[Metric]:
    return [m for (k, _n), m in REGISTRY.items() if k == kind]


def rates(kind: str) -> list[Metric]:
    return [m for m in for_kind(kind) if m.is_rate]


def _sum(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.Series:
    """Σ of columns; a leading '-' subtracts (cost before − cost after)."""
    total = pd.Series(0, index=df.index, dtype="int64")
    for c in cols:
        total = total - df[c[1:]] if c.startswith("-") else total + df[c]
    return total


def add_rates(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """A copy of a `figures` frame with every rate of the kind whose inputs it has; a rate is
    empty (NA) when its denominator is 0 — "no dossier resolved" is not "0 % on time"."""
    out = df.copy()
    for m in rates(kind):
        needed = {c.lstrip("-") for c in m.numerator + m.denominator}
        if not needed <= set(df.columns):
            continue
        num, den = _sum(df, m.numerator), _sum(df, m.denominator)
        value = (100 * num / den.where(den != 0)).round(2)
        out[m.name] = value.astype("Float64")
    return out
