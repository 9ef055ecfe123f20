"""The canonical fields of every kind of record: their Vietnamese names, types and synonyms.

This is the one list the profiles, the automatic column recogniser, the validator, the
`profiles` command and docs/fields.md are built from. A column header in an export is
matched against a field's `synonyms` after normalisation (see `normalise.header_key`).
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field

# Field types:
#   id        the record's identifier (text, required)
#   text      free text, NFC-normalised and trimmed
#   agency    an agency name (or code, with agency_by = "code"), matched to the registry
#   agencies  several agencies in one cell, separated by ";" (or the profile's list_separator)
#   transfers a petition's path "A -> B -> C"
#   locality  free text, linked to a known unit when it matches one (never rejects a row)
#   datetime  a moment; date-only values are taken at 00:00
#   date      a day
#   int, money  whole numbers ("1.234.000" and "1,234,000" both read as 1234000)
#   bool      Có/Không, x, 1/0, true/false, yes/no
#   enum      one of `values` after the profile's [values.<field>] mapping
#   pii       personal data: never stored in clear (petition senders are kept as a keyed hash)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    vi: str
    en: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    # Event dates are checked against the snapshot ("<name>_after_snapshot" warning); due
    # dates are not, since a deadline in the future is normal.
    event: bool = False


@dataclass(frozen=True)
class Kind:
    name: str
    vi: str
    id_field: str
    fields: tuple[Field, ...]
    # The date a record "starts" on: before it the record does not exist (DOMAIN.md).
    start_field: str | None = None
    agency_field: str | None = None
    aliases: tuple[str, ...] = dc_field(default=())

    def get(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


DOSSIER_STATUSES = (
    "new", "received", "not_received", "processing", "supplement_requested",
    "financial_obligation", "withdrawn", "suspended", "finished", "returned", "rejected",
)
TASK_STATUSES = ("in_progress", "done", "paused", "cancelled")
PETITION_STATUSES = ("pending", "processing", "answered", "published", "rejected")
DOSSIER_CHANNELS = ("in_person", "online", "postal")
PETITION_CHANNELS = ("national_portal", "hotline", "app", "in_person", "email", "other")
SATISFACTION = ("satisfied", "unsatisfied")

F = Field

DOSSIERS = Kind(
    "dossiers", "Hồ sơ TTHC", "dossier_id",
    (
        F("dossier_id", "id", "Mã hồ sơ", "Dossier id", True,
          ("Mã hồ sơ", "Mã HS", "Số hồ sơ", "MaHoSo", "Ma ho so", "dossier_id", "dossierNo", "Mã biên nhận")),
        F("procedure_code", "text", "Mã thủ tục", "Procedure code", False,
          ("Mã thủ tục", "Mã TTHC", "MaTTHC", "procedure_code", "serviceCode")),
        F("procedure_name", "text", "Tên thủ tục hành chính", "Procedure name", False,
          ("Tên thủ tục hành chính", "Tên thủ tục", "Tên TTHC", "Thủ tục", "Nội dung", "TenTTHC",
           "procedure_name", "serviceName")),
        F("field", "text", "Lĩnh vực", "Field", False, ("Lĩnh vực", "LinhVuc", "field", "domainName")),
        F("agency", "agency", "Cơ quan/đơn vị giải quyết", "Handling agency", True,
          ("Đơn vị tiếp nhận", "Cơ quan thụ lý", "Cơ quan giải quyết", "Đơn vị giải quyết",
           "Đơn vị xử lý", "Cơ quan tiếp nhận", "Đơn vị", "Cơ quan", "DonVi", "agency", "govAgencyName")),
        F("locality", "locality", "Địa bàn", "Locality", False, ("Địa bàn", "Địa bàn xã/phường", "locality")),
        F("channel", "enum", "Hình thức nộp", "Channel", False,
          ("Hình thức nộp", "Hình thức tiếp nhận", "Kênh nộp", "Trực tuyến", "HinhThuc", "channel"),
          DOSSIER_CHANNELS),
        F("submitted_at", "datetime", "Ngày nộp hồ sơ", "Submitted", False,
          ("Ngày nộp hồ sơ", "Ngày nộp", "NgayNop", "submitted_at", "submitDate"), event=True),
        F("received_at", "datetime", "Ngày tiếp nhận", "Received", True,
          ("Ngày tiếp nhận", "Ngày nhận", "NgayTiepNhan", "NgayNhan", "received_at", "receiveDate"), event=True),
        F("due_at", "datetime", "Ngày hẹn trả", "Due", True,
          ("Ngày hẹn trả", "Hẹn trả", "Ngày hẹn trả kết quả", "Hạn xử lý", "Hạn giải quyết", "NgayHenTra",
           "due_at", "dueDate")),
        F("extended_due_at", "datetime", "Ngày gia hạn / hẹn lại", "Extended due", False,
          ("Ngày gia hạn", "Ngày hẹn lại", "Hẹn lại", "extended_due_at")),
        F("finished_at", "datetime", "Ngày kết thúc xử lý", "End of processing", False,
          ("Ngày kết thúc xử lý", "Ngày hoàn thành", "Ngày xử lý xong", "NgayKetThuc", "finished_at",
           "finishDate"), event=True),
        F("returned_at", "datetime", "Ngày trả kết quả", "Returned", False,
          ("Ngày trả kết quả", "Ngày trả", "Trả kết quả", "NgayTra", "returned_at", "releaseDate"), event=True),
        F("status", "enum", "Trạng thái", "Status", False,
          ("Trạng thái", "Tình trạng", "TrangThai", "status", "dossierStatus"), DOSSIER_STATUSES),
        F("supplement_count", "int", "Số lần bổ sung", "Supplement requests", False,
          ("Số lần bổ sung", "Số lần yêu cầu bổ sung", "supplement_count")),
        F("apology_issued", "bool", "Phiếu xin lỗi", "Apology letter", False,
          ("Phiếu xin lỗi", "Có phiếu xin lỗi", "Xin lỗi", "apology_issued")),
        F("handler", "text", "Cán bộ xử lý", "Handling officer", False,
          ("Cán bộ xử lý", "Người xử lý", "Cán bộ thụ lý", "handler")),
        F("applicant", "pii", "Người nộp / chủ hồ sơ", "Applicant", False,
          ("Người nộp", "Chủ hồ sơ", "Tên người nộp", "Người đứng tên", "applicant")),
    ),
    start_field="received_at",
    agency_field="agency",
    aliases=("dossier", "hoso", "tthc"),
)

TASKS = Kind(
    "tasks", "Nhiệm vụ", "task_id",
    (
        F("task_id", "id", "Mã nhiệm vụ", "Task id", True, ("Mã nhiệm vụ", "Mã NV", "MaNhiemVu", "task_id")),
        F("doc_number", "text", "Số, ký hiệu văn bản", "Document number", False,
          ("Số, ký hiệu văn bản", "Số ký hiệu", "Số văn bản", "Số hiệu văn bản", "doc_number")),
        F("doc_date", "date", "Ngày văn bản", "Document date", True,
          ("Ngày văn bản", "Ngày giao", "Ngày ban hành", "doc_date"), event=True),
        F("doc_kind", "text", "Loại văn bản", "Document kind", False, ("Loại văn bản", "doc_kind")),
        F("assigned_by", "text", "Người giao", "Assigned by", False,
          ("Người giao", "Lãnh đạo giao", "Người chỉ đạo", "assigned_by")),
        F("summary", "text", "Nội dung nhiệm vụ", "Summary", False,
          ("Nội dung nhiệm vụ", "Nội dung", "Trích yếu", "summary")),
        F("lead_agency", "agency", "Đơn vị chủ trì", "Lead agency", True,
          ("Đơn vị chủ trì", "Cơ quan chủ trì", "Đơn vị thực hiện", "lead_agency")),
        F("co_agencies", "agencies", "Đơn vị phối hợp", "Co-operating agencies", False,
          ("Đơn vị phối hợp", "Cơ quan phối hợp", "co_agencies")),
        F("due_at", "datetime", "Hạn xử lý", "Deadline", False,
          ("Hạn xử lý", "Thời hạn", "Hạn hoàn thành", "Hạn", "due_at")),
        F("completed_at", "datetime", "Ngày hoàn thành", "Completed", False,
          ("Ngày hoàn thành", "Ngày báo cáo", "completed_at"), event=True),
        F("status", "enum", "Tình trạng", "Status", False,
          ("Tình trạng", "Trạng thái", "status"), TASK_STATUSES),
    ),
    start_field="doc_date",
    agency_field="lead_agency",
    aliases=("task", "nhiemvu"),
)

PETITIONS = Kind(
    "petitions", "Phản ánh, kiến nghị", "petition_id",
    (
        F("petition_id", "id", "Mã PAKN", "Petition id", True, ("Mã PAKN", "Mã phản ánh", "Mã số", "petition_id")),
        F("title", "text", "Tiêu đề", "Title", False, ("Tiêu đề", "Nội dung", "title")),
        F("field", "text", "Lĩnh vực", "Field", False, ("Lĩnh vực", "field")),
        F("channel", "enum", "Kênh tiếp nhận", "Channel", False,
          ("Kênh tiếp nhận", "Nguồn tiếp nhận", "Kênh", "channel"), PETITION_CHANNELS),
        F("received_at", "datetime", "Ngày tiếp nhận", "Received", True,
          ("Ngày tiếp nhận", "Ngày nhận", "Ngày gửi", "received_at"), event=True),
        F("agency", "agency", "Đơn vị đang xử lý", "Handling agency", True,
          ("Đơn vị đang xử lý", "Đơn vị xử lý", "Cơ quan xử lý", "agency")),
        F("locality", "locality", "Địa bàn", "Locality", False, ("Địa bàn", "Địa điểm", "locality")),
        F("transfer_history", "transfers", "Quá trình chuyển xử lý", "Transfer history", False,
          ("Quá trình chuyển xử lý", "Lịch sử chuyển", "Quá trình xử lý", "transfer_history")),
        F("transfer_count", "int", "Số lần chuyển", "Transfers", False,
          ("Số lần chuyển", "Số lần chuyển xử lý", "transfer_count")),
        F("last_transfer_at", "datetime", "Ngày chuyển gần nhất", "Latest transfer", False,
          ("Ngày chuyển gần nhất", "Ngày chuyển", "last_transfer_at"), event=True),
        F("due_at", "datetime", "Hạn xử lý", "Deadline", False, ("Hạn xử lý", "Hạn trả lời", "due_at")),
        F("answered_at", "datetime", "Ngày trả lời", "Answered", False,
          ("Ngày trả lời", "Ngày xử lý xong", "answered_at"), event=True),
        F("status", "enum", "Trạng thái", "Status", False, ("Trạng thái", "Tình trạng", "status"),
          PETITION_STATUSES),
        F("satisfaction", "enum", "Mức độ hài lòng", "Satisfaction", False,
          ("Mức độ hài lòng", "Đánh giá", "satisfaction"), SATISFACTION),
        F("sender_name", "pii", "Người gửi", "Sender", False, ("Người gửi", "Họ tên", "Người phản ánh", "sender_name")),
        F("sender_phone", "pii", "Số điện thoại", "Sender phone", False,
          ("Số điện thoại", "Điện thoại", "SĐT", "sender_phone")),
        F("sender_address", "pii", "Địa chỉ người gửi", "Sender address", False,
          ("Địa chỉ", "Địa chỉ người gửi", "sender_address")),
    ),
    start_field="received_at",
    agency_field="agency",
    aliases=("petition", "pakn"),
)

CONSULTATIONS = Kind(
    "consultations", "Xin ý kiến", "request_id",
    (
        F("request_id", "id", "Mã yêu cầu", "Request id", True, ("Mã yêu cầu", "request_id")),
        F("doc_number", "text", "Số văn bản", "Document number", False,
          ("Số văn bản", "Số, ký hiệu văn bản", "Số hiệu", "doc_number")),
        F("sent_at", "datetime", "Ngày văn bản", "Sent", True,
          ("Ngày văn bản", "Ngày gửi", "Ngày xin ý kiến", "sent_at"), event=True),
        F("requesting_agency", "agency", "Đơn vị xin ý kiến", "Requesting agency", False,
          ("Đơn vị xin ý kiến", "Cơ quan xin ý kiến", "Đơn vị gửi", "requesting_agency")),
        F("consulted_agency", "agency", "Đơn vị được xin ý kiến", "Consulted agency", True,
          ("Đơn vị được xin ý kiến", "Cơ quan được xin ý kiến", "Đơn vị trả lời", "consulted_agency")),
        F("due_at", "datetime", "Hạn trả lời", "Reply deadline", False, ("Hạn trả lời", "Hạn", "due_at")),
        F("replied_at", "datetime", "Ngày trả lời", "Replied", False, ("Ngày trả lời", "replied_at"), event=True),
        F("summary", "text", "Trích yếu", "Summary", False, ("Trích yếu", "Nội dung", "summary")),
    ),
    start_field="sent_at",
    agency_field="consulted_agency",
    aliases=("consultation", "xinykien"),
)

INTERNAL_PROCEDURES = Kind(
    "internal_procedures", "TTHC nội bộ", "procedure_code",
    (
        F("procedure_code", "id", "Mã thủ tục", "Procedure code", True, ("Mã thủ tục", "Mã TTHC", "procedure_code")),
        F("name", "text", "Tên thủ tục hành chính nội bộ", "Name", False,
          ("Tên thủ tục hành chính nội bộ", "Tên thủ tục", "Tên TTHC", "name")),
        F("field", "text", "Lĩnh vực", "Field", False, ("Lĩnh vực", "field")),
        F("agency", "agency", "Cơ quan chủ trì", "Owning agency", True,
          ("Cơ quan chủ trì", "Đơn vị chủ trì", "Cơ quan thực hiện", "agency")),
        F("published", "bool", "Đã công bố", "Published", False, ("Đã công bố", "Công bố", "published")),
        F("published_at", "date", "Ngày công bố", "Published on", False, ("Ngày công bố", "published_at"),
          event=True),
        F("simplification_plan", "bool", "Có phương án đơn giản hóa", "Simplification plan", False,
          ("Có phương án đơn giản hóa", "Phương án đơn giản hóa", "simplification_plan")),
        F("cut", "bool", "Đã cắt giảm", "Cut", False, ("Đã cắt giảm", "Cắt giảm", "cut")),
        F("cost_before", "money", "Chi phí tuân thủ trước (VND)", "Compliance cost before (VND)", False,
          ("Chi phí tuân thủ trước (VND)", "Chi phí tuân thủ trước", "Chi phí trước", "cost_before")),
        F("cost_after", "money", "Chi phí tuân thủ sau (VND)", "Compliance cost after (VND)", False,
          ("Chi phí tuân thủ sau (VND)", "Chi phí tuân thủ sau", "Chi phí sau", "cost_after")),
    ),
    agency_field="agency",
    aliases=("internal_procedure", "noibo"),
)

AGENCIES = Kind(
    "agencies", "Đơn vị", "code",
    (
        F("code", "id", "Mã đơn vị", "Code", True, ("code", "Mã đơn vị", "Mã", "Mã ĐVHC")),
        F("name", "text", "Tên đơn vị", "Name", True, ("name", "Tên đơn vị", "Tên")),
        F("kind", "text", "Loại", "Kind", True, ("kind", "Loại", "Cấp")),
        F("parent_code", "text", "Mã đơn vị cấp trên", "Parent code", False, ("parent_code", "Mã cấp trên")),
        F("valid_from", "date", "Hiệu lực từ", "Valid from", False, ("valid_from", "Hiệu lực từ")),
        F("valid_to", "date", "Hiệu lực đến", "Valid to", False, ("valid_to", "Hiệu lực đến")),
        F("aliases", "text", "Tên gọi khác", "Aliases (separated by |)", False, ("aliases", "Tên gọi khác")),
        F("official_id", "text", "Mã định danh", "Official electronic id", False,
          ("ma_dinh_danh", "Mã định danh", "official_id")),
        F("successors", "text", "Đơn vị kế thừa", "Successor codes (separated by |, suffix (partial))", False,
          ("successors", "Đơn vị kế thừa")),
    ),
    aliases=("agency", "don_vi", "donvi"),
)

KINDS: dict[str, Kind] = {k.name: k for k in (DOSSIERS, TASKS, PETITIONS, CONSULTATIONS, INTERNAL_PROCEDURES, AGENCIES)}

# Built-in meanings of values, used unless a profile maps the value itself ([values.<field>]
# entries are merged over these; the profile wins). Keys are compared after value_key().
DEFAULT_VALUES: dict[str, dict[str, dict[str, str]]] = {
    "dossiers": {
        "status": {
            # national status codes (DOMAIN.md) and their names
            "1": "new", "mới đăng ký": "new",
            "2": "received", "được tiếp nhận": "received", "đã tiếp nhận": "received",
            "3": "not_received", "không được tiếp nhận": "not_received",
            "4": "processing", "đang xử lý": "processing", "đang giải quyết": "processing",
            "5": "supplement_requested", "yêu cầu bổ sung giấy tờ": "supplement_requested",
            "chờ bổ sung": "supplement_requested",
            "6": "financial_obligation", "yêu cầu thực hiện nghĩa vụ tài chính": "financial_obligation",
            "7": "withdrawn", "công dân yêu cầu rút hồ sơ": "withdrawn", "rút hồ sơ": "withdrawn",
            "8": "suspended", "dừng xử lý": "suspended",
            "9": "finished", "đã xử lý xong": "finished",
            "10": "returned", "đã trả kết quả": "returned",
            "từ chối": "rejected", "từ chối giải quyết": "rejected",
        },
        "channel": {
            "1": "in_person", "trực tiếp": "in_person",
            "2": "online", "trực tuyến": "online", "dịch vụ công trực tuyến": "online",
            "3": "postal", "bưu chính": "postal", "bưu chính công ích": "postal", "qua bưu điện": "postal",
            # a yes/no column headed "Trực tuyến" (OpenCPS and others) holds the channel as Có/Không
            "có": "online", "không": "in_person",
        },
    },
    "tasks": {
        "status": {
            "đang thực hiện": "in_progress", "đang xử lý": "in_progress", "chưa hoàn thành": "in_progress",
            "hoàn thành": "done", "đã hoàn thành": "done",
            "tạm dừng": "paused", "hủy": "cancelled", "đã hủy": "cancelled",
        },
    },
    "petitions": {
        "status": {
            "chờ tiếp nhận": "pending", "đang xử lý": "processing", "đã trả lời": "answered",
            "đã công khai": "published", "từ chối": "rejected", "từ chối tiếp nhận": "rejected",
        },
        "channel": {
            "cổng dịch vụ công quốc gia": "national_portal", "đường dây nóng": "hotline",
            "ứng dụng": "app", "trực tiếp": "in_person", "thư điện tử": "email", "email": "email",
            "khác": "other",
        },
        "satisfaction": {"hài lòng": "satisfied", "không hài lòng": "unsatisfied"},
    },
}

YES = {"có", "x", "1", "true", "yes", "y", "đã", "rồi", "c"}
NO = {"không", "0", "false", "no", "n", "chưa", "k"}
