"""Dữ liệu (Data): import in the browser with a preview before anything is written, the import
history, freshness per source and agency, rejected and flagged rows, the metric definitions.

Thin on purpose: widgets here, the work in dashboard.import_preview (no Streamlit), the words and
table formats in dashboard.data_view.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from dashboard import components, queries
from dashboard import import_preview as ip
from dashboard.data_view import fit_height, kind_label, metric_table, stored_column_label, styled, tx
from dashboard.i18n import fmt_date, fmt_number
from dashboard.reports.safe import to_csv_bytes  # formulas neutralised, no personal data

PREVIEW_KEY = "data_preview"        # (inputs, Preview) of the file on screen
RESULT_KEY = "data_last_import"     # the message of the last import, shown once after the rerun
IMPORTED_BY = "web"                 # no sign-in yet: the log says the file came through the browser

filters = components.sidebar_filters()
lang = filters.lang
engine = queries.engine()

st.title(tx("title", lang))
st.caption(tx("intro", lang))
# (the demo banner is drawn by the entry point above every page)

def _import_state() -> tuple:
    """What the data on this page depends on: the database and its imports (data only changes
    through an import, and every import adds an import_batch row)."""
    with engine.connect() as conn:
        return (str(engine.url), *ip.import_log_state(conn))


def _memo(name: str, fn, *args, **kwargs):
    """fn(conn, *args) computed once per import state and arguments in this session.

    Why here and not in dashboard.queries (the caching module): per-agency freshness and the
    flagged records scan whole record tables (seconds at a million dossiers), and the exact
    invalidation key is the import log, which only this page writes. TODO: move to queries as
    st.cache_data keyed by the same state, to share it across sessions.
    """
    key = (name, _import_state(), args, tuple(sorted(kwargs.items(), key=lambda kv: kv[0])))
    memo = st.session_state.setdefault("_data_page_memo", {})
    if key not in memo:
        if len(memo) > 20:
            memo.clear()
        with engine.connect() as conn:
            memo[key] = fn(conn, *args, **kwargs)
    return memo[key]


def _table(data, **kwargs) -> None:
    """st.dataframe without the index, and a missing value shown as an empty cell, not "None"."""
    st.dataframe(data, hide_index=True, placeholder="", **kwargs)


tab_import, tab_history, tab_fresh, tab_issues, tab_metrics = st.tabs(
    [tx(k, lang) for k in ("tab_import", "tab_history", "tab_fresh", "tab_issues", "tab_metrics")])


# ============================================================================ import
def _profile_options() -> tuple[list[str], dict[str, str]]:
    choices = ip.profile_choices()
    labels = {"auto": tx("profile_auto", lang)}
    for r in choices.itertuples():
        labels[r.name] = f"{r.name} — {kind_label(r.kind, lang)}"
    return ["auto", *choices["name"]], labels


def _get_preview(data: bytes, name: str, profile: str, as_of: dt.date) -> ip.Preview:
    """The preview of these exact inputs, computed once (a big file takes seconds to check)."""
    inputs = (hashlib.sha256(data).hexdigest(), name, profile, as_of)
    held = st.session_state.get(PREVIEW_KEY)
    if held and held[0] == inputs:
        return held[1]
    with st.spinner(tx("reading", lang)):
        p = ip.preview(engine, data, name, profile=profile, as_of=as_of)
    st.session_state[PREVIEW_KEY] = (inputs, p)
    return p


def _mapping_table(p: ip.Preview) -> pd.DataFrame:
    m = p.mapping
    note = [
        (tx("personal_hashed", lang) if p.kind == "petitions" else tx("personal_dropped", lang)) if personal else ""
        for personal in m["personal"]
    ]
    return pd.DataFrame({
        tx("col_header", lang): m["header"],
        tx("col_field", lang): m["field_en"] if lang == "en" else m["field_vi"],
        tx("col_code", lang): m["field"],
        tx("col_required", lang): m["required"].astype(bool),
        tx("col_note", lang): note,
    })


def _issue_table(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        tx("line", lang): df["line"].astype("Int64"),
        tx("record_id", lang): df["record_id"].fillna(""),
        tx("reasons", lang): [ip.explain_reasons(r, lang) for r in df["reasons"]],
        tx("column", lang): df["column"].fillna(""),
        tx("value", lang): df["value"].fillna(""),
    })


def _issue_columns() -> dict:
    # the reasons and the offending value (with the closest agency names) need room to be read
    return {tx("line", lang): st.column_config.NumberColumn(width="small", format="%d"),
            tx("reasons", lang): st.column_config.TextColumn(width="large"),
            tx("value", lang): st.column_config.TextColumn(width="large")}


def show_preview(p: ip.Preview) -> None:
    if p.status == "refused":
        st.error(tx("refused", lang, message=p.message))
        return
    if p.status == "empty":
        st.warning(tx("empty", lang, message=p.message))
        return
    if p.auto_mapped:
        st.warning(tx("chosen_auto", lang, kind=kind_label(p.kind, lang)))
    else:
        st.success(tx("chosen_profile", lang, profile=p.profile, kind=kind_label(p.kind, lang)))
    for r in p.same_file_imports.itertuples():
        st.info(tx("same_file", lang, when=fmt_date(r.started_at.date()), id=r.id))

    c = p.counts
    # two rows of three: six cards in one row cut their labels on a tablet (1024 px)
    cols = [*st.columns(3), *st.columns(3)]
    for col, key, value in zip(cols, ("rows_read", "to_load", "rejected", "flagged", "merged", "skipped"),
                               (c["rows_read"], c["to_load"], c["rejected"], c["flagged"], c["merged_repeats"],
                                c["skipped"])):
        col.metric(tx(key, lang), fmt_number(value, lang=lang), border=True,
                   help=tx("skipped_help", lang) if key == "skipped" else None)

    st.subheader(tx("mapping", lang))
    _table(_mapping_table(p), height=fit_height(len(p.mapping), 30))
    if p.ignored:
        st.caption(tx("ignored", lang, cols=", ".join(p.ignored)))

    st.subheader(tx("first_rows", lang, n=len(p.rows)))
    if p.rows.empty:
        st.info(tx("no_rows", lang))
    else:
        labels = {c: stored_column_label(p.kind, c, lang) for c in p.rows.columns}
        _table(styled(p.rows, lang, labels=labels), height=fit_height(len(p.rows), 30))
        st.caption(", ".join(p.rows.columns))  # the stored column names, for whoever writes SQL

    st.subheader(tx("report", lang))
    if p.issues.empty:
        st.success(tx("no_issues", lang))
    else:
        errors, warnings = p.errors, p.warnings
        if len(errors):
            st.markdown(f"**{tx('errors', lang, n=fmt_number(len(errors), lang=lang))}**")
            _table(_issue_table(errors), height=fit_height(len(errors)),
                         column_config=_issue_columns())
        if len(warnings):
            st.markdown(f"**{tx('warnings', lang, n=fmt_number(len(warnings), lang=lang))}**")
            _table(_issue_table(warnings), height=fit_height(len(warnings)),
                         column_config=_issue_columns())
        st.download_button(tx("download_report", lang), to_csv_bytes(_issue_table(p.issues)),
                           file_name=f"kiem_tra_{p.file_name}.csv", mime="text/csv", icon="⬇️")


def do_import(data: bytes, name: str, profile: str, as_of: dt.date, strict: bool) -> None:
    with st.spinner(tx("importing", lang)):
        res = ip.commit(engine, data, name, profile=profile, as_of=as_of, imported_by=IMPORTED_BY, strict=strict)
    if res.status == "ok":
        st.session_state[RESULT_KEY] = ("success", tx(
            "imported", lang, file=res.file, inserted=fmt_number(res.inserted, lang=lang),
            updated=fmt_number(res.updated, lang=lang), unchanged=fmt_number(res.unchanged, lang=lang),
            rejected=fmt_number(res.rejected, lang=lang), flagged=fmt_number(res.flagged, lang=lang)))
    else:
        st.session_state[RESULT_KEY] = ("error", tx("import_refused", lang, message=res.message))
    st.session_state.pop(PREVIEW_KEY, None)  # the database changed: "already imported" etc. must be re-read
    queries.clear()  # every cached figure may have changed
    st.rerun()


with tab_import:
    done = st.session_state.pop(RESULT_KEY, None)
    if done:
        (st.success if done[0] == "success" else st.error)(done[1])
    upload = st.file_uploader(tx("upload", lang), type=list(ip.UPLOAD_TYPES), key="data_upload",
                              help=tx("upload_help", lang))
    options, labels = _profile_options()
    c1, c2 = st.columns([2, 1])
    profile = c1.selectbox(tx("profile", lang), options, format_func=labels.get, key="data_profile",
                           help=tx("profile_help", lang))
    named = ip.snapshot_in_name(upload.name) if upload is not None else None
    as_of = c2.date_input(tx("snapshot", lang), value=named or queries.latest_snapshot() or dt.date.today(),
                          format="DD/MM/YYYY", help=tx("snapshot_help", lang),
                          key=f"data_snapshot_{upload.name if upload is not None else ''}")
    if upload is None:
        st.info(tx("waiting", lang))
    else:
        data = upload.getvalue()
        p = _get_preview(data, upload.name, profile, as_of)
        show_preview(p)
        strict = st.checkbox(tx("strict", lang), key="data_strict")
        if st.button(tx("import_button", lang), type="primary", disabled=not p.ok, key="data_import",
                     help=None if p.ok else tx("import_disabled", lang)):
            do_import(data, upload.name, profile, as_of, strict)


# ============================================================================ history
with tab_history:
    with engine.connect() as conn:
        history = ip.import_history(conn, scope=queries.viewer_scope())
    if history.empty:
        st.info(tx("history_empty", lang))
    else:
        h = history.assign(
            kind=history["kind"].map(lambda k: kind_label(k, lang)),
            imported_by=history["imported_by"].replace({"demo": tx("demo_user", lang)}),
        )[["id", "file_name", "kind", "profile", "snapshot_date", "rows_read", "inserted", "updated", "unchanged",
           "rejected", "flagged", "skipped_rows", "started_at", "imported_by"]]
        _table(styled(h, lang, labels={
            "id": tx("h_id", lang), "file_name": tx("h_file", lang), "kind": tx("h_kind", lang),
            "profile": tx("h_profile", lang), "snapshot_date": tx("h_snapshot", lang),
            "rows_read": tx("rows_read", lang), "inserted": tx("h_inserted", lang),
            "updated": tx("h_updated", lang), "unchanged": tx("h_unchanged", lang),
            "rejected": tx("rejected", lang), "flagged": tx("flagged", lang), "skipped_rows": tx("skipped", lang),
            "started_at": tx("h_started", lang), "imported_by": tx("h_by", lang)}),
            height=fit_height(len(h)))


# ============================================================================ freshness
def _stale_note(n: int) -> None:
    if n:
        st.warning(tx("stale_count", lang, n=fmt_number(n, lang=lang)))
    else:
        st.success(tx("none_stale", lang))


with tab_fresh:
    stale_days = st.number_input(tx("stale_days", lang), min_value=1, max_value=365, value=ip.STALE_DAYS,
                                 step=1, key="data_stale_days")
    with engine.connect() as conn:
        sources = ip.source_freshness(conn, int(stale_days), scope=queries.viewer_scope())
    per_agency = _memo("agency_freshness", ip.agency_freshness, int(stale_days), scope=queries.scope_for(filters))
    st.subheader(tx("fresh_sources", lang))
    if sources.empty:
        st.info(tx("history_empty", lang))
    else:
        ref = sources.loc[sources["kind"] != "agencies", "last_snapshot"].max()
        st.caption(tx("fresh_sources_caption", lang, date=fmt_date(ref)))
        _stale_note(int(sources["stale"].sum()))
        s = sources.assign(kind=sources["kind"].map(lambda k: kind_label(k, lang)))
        s = s[["kind", "profile", "last_snapshot", "age_days", "last_import", "imports", "rows_read"]]
        _table(styled(s, lang, stale=sources["stale"], labels={
            "kind": tx("h_kind", lang), "profile": tx("h_profile", lang),
            "last_snapshot": tx("f_last_snapshot", lang), "age_days": tx("f_age", lang),
            "last_import": tx("f_last_import", lang), "imports": tx("f_imports", lang),
            "rows_read": tx("rows_read", lang)}), height=fit_height(len(s)))

    st.subheader(tx("fresh_agencies", lang))
    st.caption(tx("fresh_agencies_caption", lang))
    if per_agency.empty:
        st.info(tx("history_empty", lang))
    else:
        c1, c2 = st.columns([2, 1])
        kinds = list(dict.fromkeys(per_agency["kind"]))
        kind = c1.selectbox(tx("h_kind", lang), kinds, format_func=lambda k: kind_label(k, lang),
                            key="data_fresh_kind")
        only_stale = c2.toggle(tx("only_stale", lang), key="data_only_stale")
        a = per_agency[per_agency["kind"] == kind]
        _stale_note(int(a["stale"].sum()))
        if only_stale:
            a = a[a["stale"]]
        view = a[["agency_name", "agency_code", "agency_kind", "last_snapshot", "age_days", "last_record_day",
                  "records", "valid_to"]]
        _table(styled(view, lang, stale=a["stale"], labels={
            "agency_name": tx("f_agency", lang), "agency_code": tx("record_id", lang),
            "agency_kind": tx("f_agency_kind", lang), "last_snapshot": tx("f_last_snapshot", lang),
            "age_days": tx("f_age", lang), "last_record_day": tx("f_last_record", lang),
            "records": tx("f_records", lang), "valid_to": tx("f_valid_to", lang)}),
            height=fit_height(len(view)))


# ============================================================================ rejected / flagged
ISSUE_LIMIT = 2000

with tab_issues:
    st.subheader(tx("issues_rejected", lang))
    with engine.connect() as conn:
        counts = ip.issue_counts(conn, scope=queries.viewer_scope())
    if counts.empty:
        st.info(tx("issues_empty", lang))
    else:
        batches = counts[["batch_id", "file_name"]].drop_duplicates()
        c1, c2 = st.columns([2, 1])
        batch = c1.selectbox(tx("issues_filter_file", lang), [None, *batches["batch_id"]], key="data_issue_batch",
                             format_func=lambda b: tx("issues_all_files", lang) if b is None else
                             f"#{b} — {batches.set_index('batch_id').loc[b, 'file_name']}")
        grade = c2.selectbox(tx("issues_grade", lang), [None, "error", "warning"], key="data_issue_grade",
                             format_func=lambda g: tx("issues_all_files", lang) if g is None else tx(f"grade_{g}", lang))
        with engine.connect() as conn:
            issues = ip.import_issues(conn, batch_id=batch, grade=grade, limit=ISSUE_LIMIT,
                                      scope=queries.viewer_scope())
        shown = counts if batch is None else counts[counts["batch_id"] == batch]
        if grade:
            shown = shown[shown["grade"] == grade]
        by_reason = shown.groupby(["grade", "reasons"], as_index=False)["rows"].sum().sort_values("rows", ascending=False)
        st.markdown(f"**{tx('by_reason', lang)}**")
        _table(styled(pd.DataFrame({
            tx("issues_grade", lang): by_reason["grade"].map(lambda g: tx(f"grade_{g}", lang)),
            tx("reasons", lang): [ip.explain_reasons(r, lang) for r in by_reason["reasons"]],
            tx("rows", lang): by_reason["rows"].astype("int64"),
        }), lang), height=fit_height(len(by_reason), 10))
        table = pd.DataFrame({
            tx("h_id", lang): issues["batch_id"], tx("h_file", lang): issues["file_name"],
            tx("issues_grade", lang): issues["grade"].map(lambda g: tx(f"grade_{g}", lang)),
        })
        table = pd.concat([table, _issue_table(issues)], axis=1)
        _table(styled(table, lang), height=fit_height(len(table)),
                     column_config=_issue_columns())
        if len(issues) >= ISSUE_LIMIT:
            st.caption(tx("issues_limited", lang, shown=fmt_number(ISSUE_LIMIT, lang=lang)))

    st.subheader(tx("flagged_records", lang))
    flagged = _memo("flagged_records", ip.flagged_records, limit=ISSUE_LIMIT, scope=queries.scope_for(filters))
    if flagged.empty:
        st.info(tx("flagged_empty", lang))
    else:
        _table(styled(pd.DataFrame({
            tx("h_kind", lang): flagged["kind"].map(lambda k: kind_label(k, lang)),
            tx("record_id", lang): flagged["record_id"],
            tx("f_agency", lang): flagged["agency_name"].fillna(flagged["agency_code"]),
            tx("flags", lang): [ip.explain_reasons(r, lang) for r in flagged["flags"]],
            tx("h_file", lang): flagged["file_name"],
            tx("h_snapshot", lang): flagged["snapshot_date"],
        }), lang), height=fit_height(len(flagged)))


# ============================================================================ metric definitions
with tab_metrics:
    st.caption(tx("metrics_caption", lang))
    defs = ip.metric_definitions(lang)
    # One kind at a time, as a static table: descriptions and formulas are sentences, and
    # st.table wraps them where a scrolling grid would cut them on a tablet.
    kinds = list(dict.fromkeys(defs["kind"]))
    kind = st.segmented_control(tx("m_kind", lang), kinds, default=kinds[0], key="data_metric_kind")
    shown = metric_table(defs[defs["kind"] == (kind or kinds[0])], lang)
    st.table(shown, hide_index=True, border="horizontal")
