"""Internal administrative procedures (TTHC nội bộ) against the four targets of item 7 of
directive 2598/UBND-KSTTHC: published 100 %, simplification plans ≥ 50 %, procedures cut ≥ 20 %,
compliance cost cut ≥ 20 %. Rates and targets come from the metric registry (one definition);
this module only lays them out per agency and for the city. No Streamlit.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from . import metric_registry as reg
from .metrics import figures
from .scope import Scope

KIND = "internal_procedures"
TARGET_METRICS = ("published_pct", "plan_pct", "cut_pct", "cost_reduction_pct")


def targets() -> dict[str, float]:
    return {m: float(reg.get(KIND, m).target) for m in TARGET_METRICS}


def progress(conn, as_of: dt.date, by: str = "agency", scope: Scope = Scope.all(),
             field: str | None = None) -> pd.DataFrame:
    """Per agency (or one city row): the counts, the four rates (NA when the agency has no
    procedures or no costs) and `targets_met` (how many of the four targets it reaches)."""
    subset = {"field": field} if field is not None else {}
    df = reg.add_rates(figures(conn, KIND, as_of, by=by, scope=scope, **subset), KIND)
    goal = targets()
    met = sum((df[m].fillna(-1) >= goal[m]).astype("int64") for m in TARGET_METRICS)
    df["targets_met"] = met.astype("int64") if len(df) else pd.Series(dtype="int64")
    return df


def target_rows(row: pd.Series, lang: str = "vi") -> pd.DataFrame:
    """One row of `progress` → label / value / target per target (input of charts.target_progress)."""
    goal = targets()
    return pd.DataFrame({
        "metric": list(TARGET_METRICS),
        "label": [(reg.get(KIND, m).en if lang == "en" else reg.get(KIND, m).vi) for m in TARGET_METRICS],
        "value": [row[m] for m in TARGET_METRICS],
        "target": [goal[m] for m in TARGET_METRICS],
    })
