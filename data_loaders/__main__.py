"""Command line of the loaders.

    python -m data_loaders import FILE... [--profile NAME_OR_PATH] [--kind K] [--as-of DATE]
                                          [--db URL] [--strict] [--rejects FILE]
    python -m data_loaders demo [--db URL]
    python -m data_loaders profiles

Exit status: 0 when every file was imported (or was empty), 1 when any file was refused,
2 for a usage error.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD or DD/MM/YYYY)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m data_loaders", description="Nhập dữ liệu / import exports")
    sub = p.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import export files (CSV, XLSX, XLS)")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--profile", help="built-in profile name or path to a .toml profile")
    imp.add_argument("--kind", choices=["dossiers", "tasks", "petitions", "consultations", "internal_procedures", "agencies"])
    imp.add_argument("--as-of", type=_date, help="snapshot date (default: a date in the file name, else today)")
    imp.add_argument("--db", help="SQLAlchemy URL (default: $OVERSIGHT_DATABASE_URL, else data/oversight.db)")
    imp.add_argument("--strict", action="store_true", help="refuse the whole file if any row has an error")
    imp.add_argument("--rejects", type=Path, help="write rejected and flagged rows to this CSV")
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    demo = sub.add_parser("demo", help="build the demo database")
    demo.add_argument("--db")
    demo.add_argument("--scale", type=float, default=1.0)
    hol = sub.add_parser("holidays", help="list or change the working-day overrides (announced swaps)")
    hol.add_argument("action", choices=["list", "off", "working", "remove"],
                     help="off: an extra day off; working: a Saturday worked in exchange; remove: undo")
    hol.add_argument("days", nargs="*", type=_date)
    hol.add_argument("--note", default=None)
    hol.add_argument("--db")
    prof = sub.add_parser("profiles", help="list built-in profiles and canonical fields")
    prof.add_argument("--markdown", action="store_true", help="print docs/fields.md")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "profiles":
        if args.markdown:
            print(fields_markdown(), end="")
            return 0
        return _profiles()
    from .db import make_engine

    engine = make_engine(args.db)
    if args.command == "holidays":
        return _holidays(engine, args)
    if args.command == "demo":
        from .demo import build_demo

        summary = build_demo(engine, scale=args.scale, progress=lambda msg, frac: print(f"[{frac:4.0%}] {msg}", flush=True))
        print(summary)
        return 0
    return _import(engine, args)


def _import(engine, args) -> int:
    from .importer import import_file

    results = []
    for path in args.files:
        bar = _progress_bar(path, args.quiet)
        res = import_file(engine, path, profile=args.profile, kind=args.kind, as_of=args.as_of,
                          strict=args.strict, progress=bar.update if bar else None)
        if bar:
            bar.close()
        results.append(res)
        _report(res)
    if args.rejects:
        _write_rejects(args.rejects, results)
    _summary(results)
    return 1 if any(r.status == "refused" for r in results) else 0


def _progress_bar(path: Path, quiet: bool):
    # Only for big files, and only on a terminal: logs of scheduled imports stay clean.
    if quiet or not sys.stderr.isatty() or not path.exists() or path.stat().st_size < 20 << 20:
        return None
    from tqdm import tqdm

    return tqdm(desc=f"ghi {path.name}", unit=" dòng", file=sys.stderr)


def _holidays(engine, args) -> int:
    """The announcements holidays.VN does not know: extra days off, Saturdays made working days."""
    import sqlalchemy as sa

    from .schema import HolidayOverride

    with engine.begin() as conn:
        for day in args.days:
            conn.execute(sa.delete(HolidayOverride).where(HolidayOverride.day == day))
            if args.action in ("off", "working"):
                conn.execute(sa.insert(HolidayOverride).values(
                    day=day, is_working_day=args.action == "working", note=args.note))
        rows = conn.execute(sa.select(HolidayOverride.__table__).order_by(HolidayOverride.day)).all()
    for r in rows:
        kind = "ngày làm việc / working day" if r.is_working_day else "ngày nghỉ / day off"
        print(f"{r.day:%d/%m/%Y}  {kind}  {r.note or ''}")
    return 0


def _report(res) -> None:
    if res.status == "refused":
        print(f"TỪ CHỐI / REFUSED  {res.file}: {res.message}", file=sys.stderr)
    elif res.status == "empty":
        print(f"TRỐNG / EMPTY  {res.file}: {res.message}")
    if res.auto_mapped:
        print(f"{res.file}: không có hồ sơ cột khớp, nhận cột tự động / no profile matched, columns mapped by name:")
        for header, field in res.mapping:
            print(f"    {header!r:40} → {field}")
        if res.ignored:
            print(f"    bỏ qua / ignored: {', '.join(repr(h) for h in res.ignored)}")
    for row in res.issues.head(50).itertuples():
        where = f" [{row.column}={row.value!r}]" if isinstance(row.column, str) and row.column else ""
        grade = "LỖI / error" if row.grade == "error" else "cảnh báo / warning"
        print(f"  {res.file}, dòng/line {row.line}, mã/id {row.record_id!r}: {grade}: {row.reasons}{where}")
    if len(res.issues) > 50:
        print(f"  … {len(res.issues) - 50} more (use --rejects FILE for all)")


def _summary(results) -> None:
    cols = ["file", "status", "profile", "snapshot", "read", "inserted", "updated", "unchanged", "rejected", "flagged", "skipped", "s"]
    rows = [[r.file, r.status, r.profile or "", r.snapshot.strftime("%d/%m/%Y") if r.snapshot else "",
             r.rows_read, r.inserted, r.updated, r.unchanged, r.rejected, r.flagged, sum(r.skipped.values()),
             f"{r.seconds:.1f}"] for r in results]
    widths = [max(len(str(x)) for x in col) for col in zip(cols, *rows)]
    for line in [cols, *rows]:
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths)))


def _write_rejects(path: Path, results) -> None:
    from .formula_guard import neutralise

    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        # The four documented columns first; with several files, which file a row came from last.
        many = len(results) > 1
        w.writerow(["line", "id", "grade", "reasons"] + (["file"] if many else []))
        for res in results:
            for row in res.issues.itertuples():
                vals = [row.line, neutralise("" if row.record_id is None else str(row.record_id)), row.grade, row.reasons]
                w.writerow(vals + ([res.file] if many else []))


def fields_markdown() -> str:
    """docs/fields.md, generated from fields.py and the built-in profiles (a test keeps it in sync)."""
    from .fields import DEFAULT_VALUES, KINDS
    from .profiles import builtin_profiles

    out = ["# Canonical fields / Trường chuẩn", "",
           "Generated by `python -m data_loaders profiles --markdown`; do not edit by hand.", "",
           "`*` = required in every row (the due date of a dossier may instead come from",
           "`[deadline] when_missing`). Types are explained in docs/profiles.md.", ""]
    for k in KINDS.values():
        out += [f"## {k.name} — {k.vi}", "", "| field | Vietnamese | English | type | values | recognised headers |",
                "|---|---|---|---|---|---|"]
        for f in k.fields:
            vals = ", ".join(f.values)
            syn = "; ".join(f.synonyms)
            out.append(f"| `{f.name}`{' *' if f.required else ''} | {f.vi} | {f.en} | {f.type} | {vals} | {syn} |")
        defaults = DEFAULT_VALUES.get(k.name, {})
        for field_name, mapping in defaults.items():
            pairs = ", ".join(f"{a!r} → {b}" for a, b in mapping.items())
            out += ["", f"Built-in meanings of `{field_name}` (a profile's `[values.{field_name}]` overrides): {pairs}"]
        out.append("")
    out += ["## Built-in profiles", "", "| name | kind | source layout |", "|---|---|---|"]
    for name, p in builtin_profiles().items():
        out.append(f"| `{name}` | {p.kind} | {p.description} |")
    return "\n".join(out) + "\n"


def _profiles() -> int:
    from .fields import KINDS
    from .profiles import builtin_profiles

    print("Hồ sơ cột có sẵn / built-in profiles:")
    for name, p in builtin_profiles().items():
        print(f"  {name:16} {p.kind:20} {p.description}")
    print("\nTrường chuẩn / canonical fields:")
    for k in KINDS.values():
        print(f"  {k.name} ({k.vi}):")
        for f in k.fields:
            req = " *" if f.required else ""
            vals = f" ∈ {{{', '.join(f.values)}}}" if f.values else ""
            print(f"    {f.name:22}{req:2} {f.type:9} {f.vi}{vals}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
