"""The map of localities: boundaries, their agency codes, figures per region, the choropleth.

Two layers, because the map of Hải Phòng changed on 1/7/2025:
  * "2025": the 114 communes, wards and special zones (hai_phong_wards_2025.geojson), keyed by
    their official code, which is also their agency code in the registry;
  * "before": the 15 districts of Hải Phòng before 1/7/2025 (approximate boundaries). That file
    has names only, so a district is matched to its registry code by name ("Huyện Thủy Nguyên"
    and "Thành phố Thuỷ Nguyên" are the same place: the level word and tone style are ignored).
A record's locality is a commune or a district code; on the "before" layer communes roll up to
their district (registry parent_code). Records whose place is on the other layer are not
drawn, and the subtitle says which records a layer shows.

The regions are drawn as SVG shapes (see `choropleth` for why not a plotly map trace).
No Streamlit import.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import math
import re
import unicodedata

import pandas as pd
import plotly.graph_objects as go

from data_loaders.normalise import key as name_key

from . import metric_registry
from .i18n import fmt_number, fmt_pct
from .metrics import COLUMNS
from .settings import REPO_ROOT

REFERENCE = REPO_ROOT / "data_loaders" / "reference"
WARDS_2025 = REFERENCE / "hai_phong_wards_2025.geojson"
DISTRICTS_BEFORE = REFERENCE / "hai_phong_districts_before_2025_approx.geojson"
SWITCH_DAY = dt.date(2025, 7, 1)  # districts abolished, the 2025 communes take over
LAYERS = ("2025", "before")
_LEVEL_WORDS = re.compile(r"^(quận|huyện|thị xã|thành phố|tp\.?)\s+")


def default_layer(as_of: dt.date) -> str:
    return "2025" if as_of >= SWITCH_DAY else "before"


def place_key(name: str) -> str:
    """'Thành phố Thuỷ Nguyên' and 'Huyện Thủy Nguyên' → 'thủy nguyên'."""
    return _LEVEL_WORDS.sub("", name_key(unicodedata.normalize("NFC", name)))


@functools.lru_cache(maxsize=1)  # a static file read once per process (not a query: no st.cache here)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def boundaries(layer: str, agencies: pd.DataFrame) -> dict:
    """The GeoJSON of a layer with each feature's `id` set to its agency code (features that match
    no agency are left out of the 'before' layer: they are Hải Dương's districts)."""
    if layer == "2025":
        gj = copy.deepcopy(_load(str(WARDS_2025)))
        for f in gj["features"]:
            f["id"] = str(f["properties"]["code"])
        return gj
    districts = agencies[agencies["level"] == "district"]
    by_name = {place_key(n): c for c, n in zip(districts["code"], districts["name"])}
    gj = copy.deepcopy(_load(str(DISTRICTS_BEFORE)))
    features = []
    for f in gj["features"]:
        code = by_name.get(place_key(f["properties"]["name"]))
        if code and "Hải Phòng" in f["properties"].get("province_before_2025", "Hải Phòng"):
            f["id"] = code
            features.append(f)
    gj["features"] = features
    return gj


def region_figures(per_locality: pd.DataFrame, kind: str, layer: str, agencies: pd.DataFrame,
                   region_codes: set[str]) -> pd.DataFrame:
    """Figures per region of a layer from figures(by="locality"): on the 'before' layer a commune's
    figures roll up to its district. Rows of places not on the layer are dropped. Rates are
    computed again from the summed counts (never averaged)."""
    cols = list(COLUMNS[kind])
    df = per_locality[["key", *cols]].copy()
    if layer == "before":
        parent = dict(zip(agencies["code"], agencies["parent_code"]))
        df["key"] = [parent.get(k) or k for k in df["key"]]
    df = df[df["key"].isin(region_codes)]
    out = df.groupby("key", as_index=False)[cols].sum()
    names = dict(zip(agencies["code"], agencies["name"]))
    out.insert(1, "name", [names.get(k, k) for k in out["key"]])
    return metric_registry.add_rates(out, kind)


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon (holes are not drawn: none in these files)."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [poly[0] for poly in polys]


def _colour(value: float, vmax: float) -> str:
    """Green (0) → yellow → red (vmax), the same scale as the colour bar."""
    stops = [(0.0, (46, 125, 50)), (0.35, (253, 216, 53)), (1.0, (198, 40, 40))]
    x = 0.0 if vmax <= 0 else min(max(value / vmax, 0.0), 1.0)
    for (x0, c0), (x1, c1) in zip(stops, stops[1:]):
        if x <= x1:
            f = (x - x0) / (x1 - x0)
            return "rgb({},{},{})".format(*(round(a + (b - a) * f) for a, b in zip(c0, c1)))
    return "rgb(198,40,40)"


def _centre(feature: dict) -> tuple[float, float]:
    main = max(_rings(feature["geometry"]), key=len)
    return sum(p[0] for p in main) / len(main), sum(p[1] for p in main) / len(main)


def _inset_far_islands(geojson: dict, far: float = 0.6) -> dict:
    """Bạch Long Vĩ lies ~100 km out at sea: drawn where it is, it shrinks the city to a third of
    the map. Features farther than `far` degrees from the median centre are moved next to the
    city's south-east corner, as the inset of printed maps does (the name in the hover says where)."""
    centres = [_centre(f) for f in geojson["features"]]
    if len(centres) < 3:
        return geojson
    mx = sorted(c[0] for c in centres)[len(centres) // 2]
    my = sorted(c[1] for c in centres)[len(centres) // 2]
    far_ids = {i for i, (x, y) in enumerate(centres) if math.hypot(x - mx, y - my) > far}
    if not far_ids:
        return geojson
    near = [c for i, c in enumerate(centres) if i not in far_ids]
    anchor = (max(x for x, _ in near) + 0.05, min(y for _, y in near) + 0.05)
    out = dict(geojson, features=[])
    for i, f in enumerate(geojson["features"]):
        if i in far_ids:
            dx, dy = anchor[0] - centres[i][0], anchor[1] - centres[i][1]
            f = copy.deepcopy(f)
            f["geometry"]["coordinates"] = _shift(f["geometry"]["coordinates"], dx, dy)
            anchor = (anchor[0], anchor[1] + 0.08)
        out["features"].append(f)
    return out


def _shift(coords, dx: float, dy: float):
    if coords and isinstance(coords[0], (int, float)):
        return [coords[0] + dx, coords[1] + dy]
    return [_shift(c, dx, dy) for c in coords]


def choropleth(regions: pd.DataFrame, geojson: dict, value: str, *, title: str, subtitle: str,
               colorbar_title: str, hover_count: str, hover_count_label: str, lang: str = "vi",
               height: int = 600) -> go.Figure:
    """Regions coloured by `value` (a percentage: 0 = green … high = red), drawn as filled SVG
    shapes on a plain lon/lat plane; regions without figures are grey. Each region also has a
    marker at its centre whose customdata[0] is the agency code: clicking it opens the agency.

    Why not go.Choropleth / go.Choroplethmap: the first fetches a world topojson from a CDN even
    with the base map hidden, and neither drew anything in the offline headless Chromium of the
    browser test; SVG shapes draw everywhere (meeting-room PCs without internet, PDF exports).
    """
    geojson = _inset_far_islands(geojson)
    vals = {k: float(v) for k, v in zip(regions["key"], regions[value]) if v is not None and v == v}
    counts = dict(zip(regions["key"], regions[hover_count])) if hover_count in regions else {}
    vmax = max(10.0, max(vals.values(), default=10.0))
    fig = go.Figure()
    cx, cy, codes, texts, colours = [], [], [], [], []
    for f in geojson["features"]:
        code = f["id"]
        name = f["properties"].get("fullName") or f["properties"].get("name") or code
        v = vals.get(code)
        colour = _colour(v, vmax) if v is not None else "#e0e0e0"
        text = (f"<b>{name}</b><br>{fmt_pct(v, 1, lang)}<br>{hover_count_label}: "
                f"{fmt_number(counts.get(code), 0, lang)}") if v is not None else f"<b>{name}</b>"
        xs, ys = [], []
        for ring in _rings(f["geometry"]):
            xs += [round(p[0], 4) for p in ring] + [None]
            ys += [round(p[1], 4) for p in ring] + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
                                 line=dict(color="white", width=0.8), hoveron="fills", text=text,
                                 hoverinfo="text", showlegend=False))
        x, y = _centre(f)
        cx.append(x)
        cy.append(y)
        codes.append(code)
        texts.append(text)
        colours.append(v if v is not None else 0)
    # One clickable marker per region (last, so it is on top), carrying the colour bar.
    fig.add_trace(go.Scatter(
        x=cx, y=cy, mode="markers", customdata=[[c] for c in codes], text=texts, hoverinfo="text",
        marker=dict(size=9, color=colours, cmin=0, cmax=vmax, line=dict(color="#333", width=1),
                    colorscale=[[0, "#2e7d32"], [0.35, "#fdd835"], [1, "#c62828"]],
                    colorbar=dict(title=dict(text=colorbar_title), ticksuffix=" %", len=0.8, thickness=14)),
        showlegend=False))
    mid_lat = (min(cy) + max(cy)) / 2 if cy else 20.8
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True, scaleanchor="x",
                     scaleratio=1 / max(math.cos(math.radians(mid_lat)), 0.1))
    fig.update_layout(
        title=dict(text=title, subtitle=dict(text=subtitle, font=dict(size=13, color="#555")), x=0,
                   xanchor="left", font=dict(size=18)),
        height=height, margin=dict(l=0, r=0, t=80, b=0), separators=",." if lang == "vi" else ".,",
        font=dict(family="'Source Sans Pro', 'Noto Sans', Arial, sans-serif", size=14),
        paper_bgcolor="white", plot_bgcolor="white", dragmode=False, hovermode="closest")
    return fig
