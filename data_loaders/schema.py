"""The record model: one table per kind of work, plus agencies, the import log and holidays.

Why the `*_day` columns beside the timestamps: every rule of DOMAIN.md compares *days*
(a dossier returned on its due day is on time whatever the hour), and a plain DATE column
compares the same way on SQLite and PostgreSQL and can sit in a covering index. They are
derived at import from the timestamp beside them and never edited on their own.

Every record table carries the same bookkeeping columns (`RecordMixin`): the hash of its
canonical content (to tell "unchanged" from "updated" on a re-import), the batch that first
loaded it and the batch that last changed it, the profile it came from, whether its source
judges deadlines on exact timestamps, and the warning codes it was flagged with.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --------------------------------------------------------------------------- organisation
class Agency(Base):
    """A department, district, commune or public service unit (also used as a locality)."""

    __tablename__ = "agency"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # sở | ban | quận | huyện | thị xã | thành phố | phường | xã | đặc khu | đơn vị sự nghiệp
    kind: Mapped[str] = mapped_column(String(40))
    parent_code: Mapped[str | None] = mapped_column(String(40), index=True)
    official_id: Mapped[str | None] = mapped_column(String(40))  # mã định danh điện tử
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # Set when `unknown_agencies = "register"` created the agency during an import.
    registered_by_batch: Mapped[int | None] = mapped_column(Integer)


class AgencyAlias(Base):
    """Every spelling seen for an agency, keyed by its normalised form (see agencies.py)."""

    __tablename__ = "agency_alias"
    alias_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    alias: Mapped[str] = mapped_column(String(300))
    agency_code: Mapped[str] = mapped_column(ForeignKey("agency.code", ondelete="CASCADE"), index=True)


class AgencyLineage(Base):
    """Predecessor → successor after a merger or the 2025 reorganisation."""

    __tablename__ = "agency_lineage"
    predecessor_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    successor_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    share: Mapped[str] = mapped_column(String(10), default="full")  # full | partial
    effective: Mapped[dt.date | None] = mapped_column(Date)


class HolidayOverride(Base):
    """Announced changes to the working calendar: extra days off, or Saturdays worked in exchange."""

    __tablename__ = "holiday_override"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(200))


# --------------------------------------------------------------------------- import log
class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    profile: Mapped[str] = mapped_column(String(200))
    snapshot_date: Mapped[dt.date] = mapped_column(Date)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    merged_repeats: Mapped[int] = mapped_column(Integer, default=0)
    skipped_rows: Mapped[int] = mapped_column(Integer, default=0)  # blank, subtotal, repeated header
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    imported_by: Mapped[str | None] = mapped_column(String(100))


class ImportBatchAgency(Base):
    """Per import and agency: how many of its records the file held and how many it changed.

    Written with every import so that "when did this agency last send something new" (the
    Data page's freshness) is a lookup in a small table, not a scan of a million records."""

    __tablename__ = "import_batch_agency"
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    rows_in_file: Mapped[int] = mapped_column(Integer, default=0)
    rows_written: Mapped[int] = mapped_column(Integer, default=0)  # inserted + updated


class ImportIssue(Base):
    """A rejected (error) or flagged (warning) row of one import, with its reasons."""

    __tablename__ = "import_issue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str | None] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(10))  # error | warning
    reasons: Mapped[str] = mapped_column(String(500))  # codes joined by ";"
    column: Mapped[str | None] = mapped_column(String(200))  # header of the first offending column
    value: Mapped[str | None] = mapped_column(String(500))  # its value (never a personal-data column)


# --------------------------------------------------------------------------- records
class RecordMixin:
    row_hash: Mapped[int] = mapped_column(BigInteger)  # 64-bit content hash (transform.row_hash)
    first_batch_id: Mapped[int | None] = mapped_column(Integer)
    # last batch that changed it (no index: it would slow every bulk load for a rare question)
    batch_id: Mapped[int | None] = mapped_column(Integer)
    source_profile: Mapped[str | None] = mapped_column(String(200))
    deadline_exact: Mapped[bool] = mapped_column(Boolean, default=False)
    flags: Mapped[str | None] = mapped_column(String(300))  # warning codes joined by ";"


class Dossier(RecordMixin, Base):
    """Hồ sơ thủ tục hành chính."""

    __tablename__ = "dossier"
    dossier_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    procedure_code: Mapped[str | None] = mapped_column(String(100))
    procedure_name: Mapped[str | None] = mapped_column(String(500))
    field: Mapped[str | None] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(String(40))
    locality: Mapped[str | None] = mapped_column(String(300))
    locality_code: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(20))  # in_person | online | postal
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    extended_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    received_day: Mapped[dt.date] = mapped_column(Date)
    due_day: Mapped[dt.date | None] = mapped_column(Date)
    finished_day: Mapped[dt.date | None] = mapped_column(Date)
    returned_day: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(30))
    supplement_count: Mapped[int | None] = mapped_column(Integer)
    apology_issued: Mapped[bool | None] = mapped_column(Boolean)
    handler: Mapped[str | None] = mapped_column(String(200))


# Covering index of the dossier breakdowns (dashboard/cube.py): one pass in index order yields
# the Biểu 06 counts per agency × channel × procedure (code and name) × field × locality (code
# and text), from which the city, agency, level, channel, field, procedure and locality figures
# are all summed; the other columns are those the rules read, so the table is never visited.
Index("ix_dossier_breakdown_cover",
      Dossier.agency_code, Dossier.channel, Dossier.procedure_code, Dossier.procedure_name, Dossier.field,
      Dossier.locality_code, Dossier.locality, Dossier.received_day, Dossier.returned_day, Dossier.due_day,
      Dossier.apology_issued, Dossier.deadline_exact, Dossier.due_at, Dossier.returned_at)
# Covering index of the figures per day (and so per month) of receipt: the trend charts.
Index("ix_dossier_day_cover",
      Dossier.received_day, Dossier.returned_day, Dossier.due_day, Dossier.channel, Dossier.apology_issued,
      Dossier.deadline_exact, Dossier.due_at, Dossier.returned_at)


class Task(RecordMixin, Base):
    """Nhiệm vụ giao bởi UBND / Chủ tịch UBND."""

    __tablename__ = "task"
    task_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    doc_date: Mapped[dt.date] = mapped_column(Date)
    doc_kind: Mapped[str | None] = mapped_column(String(100))
    assigned_by: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    lead_agency_code: Mapped[str] = mapped_column(String(40), index=True)
    co_agencies: Mapped[str | None] = mapped_column(String(1000))  # codes joined by ";"
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    due_day: Mapped[dt.date | None] = mapped_column(Date)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    completed_day: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(30))


class TaskCoAgency(Base):
    __tablename__ = "task_co_agency"
    task_id: Mapped[str] = mapped_column(ForeignKey("task.task_id", ondelete="CASCADE"), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40), primary_key=True)


class Petition(RecordMixin, Base):
    """Phản ánh, kiến nghị. The sender is kept only as a keyed hash (Decree 13/2023)."""

    __tablename__ = "petition"
    petition_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    field: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(30))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_day: Mapped[dt.date] = mapped_column(Date)
    agency_code: Mapped[str] = mapped_column(String(40), index=True)  # current handling agency
    locality: Mapped[str | None] = mapped_column(String(300))
    locality_code: Mapped[str | None] = mapped_column(String(40))
    transfer_history: Mapped[str | None] = mapped_column(String(2000))  # agency codes joined by " -> "
    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    last_transfer_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    due_day: Mapped[dt.date | None] = mapped_column(Date)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    answered_day: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(30))
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    sender_key: Mapped[str | None] = mapped_column(String(64), index=True)


class PetitionTransfer(Base):
    """One step of a petition's path: seq 0 is the first assignee, the last is the current one."""

    __tablename__ = "petition_transfer"
    petition_id: Mapped[str] = mapped_column(
        ForeignKey("petition.petition_id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str | None] = mapped_column(String(40), index=True)
    agency_name: Mapped[str] = mapped_column(String(300))


class Consultation(RecordMixin, Base):
    """Xin ý kiến: one row per (document, consulted agency)."""

    __tablename__ = "consultation"
    request_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_day: Mapped[dt.date] = mapped_column(Date)
    requesting_agency_code: Mapped[str | None] = mapped_column(String(40), index=True)
    consulted_agency_code: Mapped[str] = mapped_column(String(40), index=True)
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    due_day: Mapped[dt.date | None] = mapped_column(Date)
    replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    replied_day: Mapped[dt.date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)


class InternalProcedure(RecordMixin, Base):
    """Thủ tục hành chính nội bộ (item 7 of the directive)."""

    __tablename__ = "internal_procedure"
    procedure_code: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(500))
    field: Mapped[str | None] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(String(40), index=True)
    published: Mapped[bool | None] = mapped_column(Boolean)
    published_at: Mapped[dt.date | None] = mapped_column(Date)
    simplification_plan: Mapped[bool | None] = mapped_column(Boolean)
    cut: Mapped[bool | None] = mapped_column(Boolean)
    cost_before: Mapped[int | None] = mapped_column(BigInteger)
    cost_after: Mapped[int | None] = mapped_column(BigInteger)


# the agency a record is judged against, per kind (figures, freshness, scope)
AGENCY_COLUMN = {
    "dossiers": "agency_code",
    "tasks": "lead_agency_code",
    "petitions": "agency_code",
    "consultations": "consulted_agency_code",
    "internal_procedures": "agency_code",
}

# kind name (as used by profiles and the CLI) → model and its id column
RECORD_MODELS = {
    "dossiers": (Dossier, "dossier_id"),
    "tasks": (Task, "task_id"),
    "petitions": (Petition, "petition_id"),
    "consultations": (Consultation, "request_id"),
    "internal_procedures": (InternalProcedure, "procedure_code"),
}
