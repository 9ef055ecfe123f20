"""Command line of the dashboard's figures (the same numbers the pages show).

    python -m dashboard figures --kind K --as-of DATE [--from DATE --to DATE]
                                [--by city|agency|locality|field|month] [--format csv|json]
                                [--agencies CODE,CODE] [--db URL]
    python -m dashboard report bieu06|overdue|meeting-pack --as-of DATE [--from DATE --to DATE]
                                [--agency CODE] [--compare DATE] [--db URL] --out FILE

`--as-of` means up to the end of that day. Dates: YYYY-MM-DD or DD/MM/YYYY.
Exit status: 0 on success, 2 for a bad argument (one line on stderr), 1 when the database fails.
`report` prints the path written; the file appears only when complete (written aside, then renamed).

Start-up is kept light on purpose (the whole command must answer in ~2 s on a million
dossiers): pandas, SQLAlchemy and the metrics are imported only after the arguments are valid,
and the schema is migrated only when the database has none yet.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

KINDS = ("dossiers", "tasks", "petitions", "consultations", "internal_procedures")
BY = ("city", "agency", "locality", "field", "month")
REPORTS = ("bieu06", "overdue", "meeting-pack")  # = dashboard.reports.REPORTS (not imported: start-up speed)
# Extensions each report can write (overdue: the extension chooses spreadsheet or letter).
REPORT_EXTENSIONS = {"bieu06": (".xlsx",), "overdue": (".xlsx", ".docx"), "meeting-pack": (".pdf",)}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse prints usage and two lines; we want one clear line
        raise UsageError(message)


def parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD or DD/MM/YYYY)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m dashboard", description="Số liệu giám sát / oversight figures")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    f = sub.add_parser("figures", help="figures of one kind of record, per group")
    f.add_argument("--kind", required=True, choices=KINDS)
    f.add_argument("--as-of", required=True, type=parse_date, help="judge as of the end of this day")
    f.add_argument("--from", dest="date_from", type=parse_date, help="first day of the period")
    f.add_argument("--to", dest="date_to", type=parse_date, help="last day of the period")
    f.add_argument("--by", default="city", choices=BY)
    f.add_argument("--format", default="csv", choices=("csv", "json"))
    f.add_argument("--agencies", help="only these agency codes, comma-separated (a viewer's scope)")
    f.add_argument("--db", help="SQLAlchemy URL (default: $OVERSIGHT_DATABASE_URL, else data/oversight.db)")
    r = sub.add_parser("report", help="write a report file: bieu06 (.xlsx), overdue (.xlsx/.docx), meeting-pack (.pdf)")
    r.add_argument("name", choices=REPORTS)
    r.add_argument("--as-of", required=True, type=parse_date, help="judge as of the end of this day")
    r.add_argument("--from", dest="date_from", type=parse_date, help="first day of the period")
    r.add_argument("--to", dest="date_to", type=parse_date, help="last day of the period")
    r.add_argument("--agency", help="one agency code (Biểu 06: one row per field of that agency)")
    r.add_argument("--compare", type=parse_date, help="meeting-pack: comparison day (default: 7 days before --as-of)")
    r.add_argument("--db", help="SQLAlchemy URL (default: $OVERSIGHT_DATABASE_URL, else data/oversight.db)")
    r.add_argument("--out", required=True, help="file to write; its extension must suit the report")
    return p


def _engine(url: str | None):
    import sqlalchemy as sa

    from data_loaders.db import make_engine, upgrade

    try:
        engine = make_engine(url, migrate=False)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as exc:
        raise UsageError(f"bad --db URL: {exc}") from None
    # Reading needs no migration; an empty database gets the schema (and then shows zeros).
    if not sa.inspect(engine).has_table("dossier"):
        upgrade(engine)
    return engine


def figures_command(args, out) -> int:
    import json

    from .metrics import check_args, figures
    from .scope import Scope

    try:
        check_args(args.kind, args.by, args.as_of, args.date_from, args.date_to)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    scope = Scope.only([c.strip() for c in args.agencies.split(",") if c.strip()]) if args.agencies else Scope.all()
    engine = _engine(args.db)
    try:
        with engine.connect() as conn:
            df = figures(conn, args.kind, args.as_of, args.date_from, args.date_to, by=args.by, scope=scope)
    finally:
        engine.dispose()
    if args.format == "json":
        json.dump(df.to_dict(orient="records"), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:  # a CSV may be opened in a spreadsheet: neutralise formula-like text (names, fields)
        from .reports.safe import safe_frame

        safe_frame(df).to_csv(out, index=False, lineterminator="\n")
    return 0


def report_command(args) -> int:
    """Write one report file; a scheduler runs this (cron, systemd timer), so errors are one line."""
    from pathlib import Path

    out = Path(args.out)
    allowed = REPORT_EXTENSIONS[args.name]
    if out.suffix.lower() not in allowed:
        raise UsageError(f"--out for {args.name} must end in {' or '.join(allowed)}, not {out.suffix or '(none)'!r}")
    if not out.parent.is_dir():
        raise UsageError(f"--out folder does not exist: {out.parent}")
    if args.compare and args.name != "meeting-pack":
        raise UsageError("--compare applies to meeting-pack only")
    if args.compare and args.compare >= args.as_of:
        raise UsageError("--compare must be a day before --as-of")
    from .metrics import check_args
    from .reports.common import ReportError

    try:
        check_args("dossiers", "city", args.as_of, args.date_from, args.date_to)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    engine = _engine(args.db)
    # Written aside, then renamed: a scheduler never picks up a half-written report. The
    # extension stays last (the overdue report chooses .xlsx or .docx by it).
    tmp = out.with_name(f".{out.stem}.part{out.suffix}")
    try:
        with engine.connect() as conn:
            common = dict(date_from=args.date_from, date_to=args.date_to, agency=args.agency)
            if args.name == "bieu06":
                from .reports import bieu06 as report

                report.write(conn, tmp, args.as_of, **common)
            elif args.name == "overdue":
                from .reports import overdue as report

                report.write(conn, tmp, args.as_of, **common)
            else:
                from .reports import meeting_pack as report

                _path, _pages, warning = report.write(conn, tmp, args.as_of, **common, compare=args.compare)
                if warning:
                    print(f"python -m dashboard: warning: charts left out: {warning}", file=sys.stderr)
        tmp.replace(out)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    finally:
        engine.dispose()
        tmp.unlink(missing_ok=True)
    print(out)
    return 0


def main(argv: list[str] | None = None) -> int:
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")  # Vietnamese names, whatever the terminal's locale
    try:
        args = _parser().parse_args(argv)
        if args.command == "report":
            return report_command(args)
        return figures_command(args, out)
    except UsageError as exc:
        print(f"python -m dashboard: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `… | head`: the reader left, nothing more to say
        sys.stderr.close()
        return 0
    except Exception as exc:  # noqa: BLE001 - a database failure: one line, not a traceback
        import sqlalchemy as sa

        if isinstance(exc, sa.exc.SQLAlchemyError):
            msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            print(f"python -m dashboard: database error: {msg}", file=sys.stderr)
            return 1
        raise
