"""Command line of the dashboard's figures (the same numbers the pages show).

    python -m dashboard figures --kind K --as-of DATE [--from DATE --to DATE]
                                [--by city|agency|locality|field|month] [--format csv|json]
                                [--agencies CODE,CODE] [--db URL]

`--as-of` means up to the end of that day. Dates: YYYY-MM-DD or DD/MM/YYYY.
Exit status: 0 on success, 2 for a bad argument (one line on stderr), 1 when the database fails.

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
    else:
        df.to_csv(out, index=False, lineterminator="\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")  # Vietnamese names, whatever the terminal's locale
    try:
        args = _parser().parse_args(argv)
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
