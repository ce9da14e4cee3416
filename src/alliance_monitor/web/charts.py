"""Vega-Lite specs rendered server-side to SVG (vl-convert): no script, no CDN, prints well.

Charts are shown as ``<img src="data:image/svg+xml;base64,…">``: an SVG loaded as an image
cannot run script or fetch anything, so untrusted labels inside a chart stay inert.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from alliance_monitor.present.i18n import t

COLORS = {"alignment": "#1f77b4", "contributions": "#2ca02c", "political_support": "#9467bd",
          "overall": "#111111", "abandonment": "#d62728", "entrapment": "#ff7f0e"}
FONT = "Noto Sans, DejaVu Sans, sans-serif"


LOCALES = {"en": "en-US", "de": "de-DE"}


def svg(spec: dict[str, Any], lang: str = "en") -> str:
    return _svg(json.dumps(spec, sort_keys=True), LOCALES.get(lang, "en-US"))


@lru_cache(maxsize=512)
def _svg(spec_json: str, locale: str) -> str:
    import vl_convert

    de = locale == "de-DE"
    # allowed_base_urls=[]: a spec may never load data from anywhere (all data is inline)
    return str(vl_convert.vegalite_to_svg(json.loads(spec_json), allowed_base_urls=[],
                                          format_locale="de-DE" if de else "en-US",
                                          time_format_locale="de-DE" if de else "en-US"))


def data_uri(svg_text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode()).decode()


def _base(width: int, height: int) -> dict[str, Any]:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": width,
            "height": height, "background": "white",
            "config": {"font": FONT, "view": {"stroke": None}}}


def sparkline(history: list[dict[str, Any]], measure: str = "overall") -> str:
    values = [{"date": r["date"], "score": r[measure]} for r in history
              if r.get(measure) is not None]
    spec = _base(160, 36) | {
        "data": {"values": values}, "mark": {"type": "line", "color": COLORS[measure],
                                             "strokeWidth": 1.5},
        "encoding": {"x": {"field": "date", "type": "temporal", "axis": None},
                     "y": {"field": "score", "type": "quantitative", "axis": None,
                           "scale": {"domain": [0, 100]}}},
        "config": {"view": {"stroke": None}, "font": FONT}, "padding": 2}
    return svg(spec)


def history_chart(history: list[dict[str, Any]], measures: list[str], lang: str,
                  width: int = 640, height: int = 220) -> str:
    values = [{"date": r["date"], "measure": t(m, lang), "score": r[m]}
              for r in history for m in measures if r.get(m) is not None]
    labels = [t(m, lang) for m in measures]
    spec = _base(width, height) | {
        "data": {"values": values},
        "mark": {"type": "line", "point": len(history) < 30, "interpolate": "step-after"},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": t("date", lang)},
            "y": {"field": "score", "type": "quantitative", "title": t("score", lang),
                  "scale": {"domain": [0, 100]}},
            "color": {"field": "measure", "type": "nominal", "title": None,
                      "scale": {"domain": labels, "range": [COLORS[m] for m in measures]},
                      "legend": {"orient": "bottom", "columns": 3}}}}
    return svg(spec, lang)


@lru_cache(maxsize=1)
def land() -> dict[str, Any]:
    text = (resources.files("alliance_monitor.web") / "static" / "indo_pacific.geojson"
            ).read_text("utf-8")
    return dict(json.loads(text))


def forces_map(forces: dict[str, Any], lang: str, width: int = 720, height: int = 520) -> str:
    hosts = [h for h in forces["hosts"] if h["troops"]]
    spec = _base(width, height) | {
        "projection": {"type": "equirectangular", "center": [135, 10], "scale": 330},
        "layer": [
            {"data": {"values": land()["features"]},
             "mark": {"type": "geoshape", "fill": "#e4e4dc", "stroke": "#9a9a8e",
                      "strokeWidth": 0.5}},
            {"data": {"values": hosts},
             "mark": {"type": "circle", "color": "#1f77b4", "opacity": 0.35},
             "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                          "latitude": {"field": "lat", "type": "quantitative"},
                          "size": {"field": "troops", "type": "quantitative",
                                   "title": f"{t('us_troops', lang)} {forces['year']}",
                                   "scale": {"range": [20, 3000], "domain": [0, 60000]},
                                   "legend": {"orient": "bottom-left"}}}},
            {"data": {"values": forces["bases"]},
             "mark": {"type": "circle", "size": 12, "color": "#b22222", "opacity": 0.9},
             "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                          "latitude": {"field": "lat", "type": "quantitative"}}},
        ]}
    return svg(spec, lang)


def troops_chart(troops: list[dict[str, Any]], hosts: list[str], lang: str) -> str:
    values = [r for r in troops if r["host"] in hosts and r["year"] >= 1990]
    spec = _base(640, 220) | {
        "data": {"values": values}, "mark": {"type": "line"},
        "encoding": {"x": {"field": "year", "type": "quantitative", "title": t("year", lang),
                           "axis": {"format": "d"}},
                     "y": {"field": "troops", "type": "quantitative",
                           "title": t("us_troops", lang)},
                     "color": {"field": "host", "type": "nominal", "title": t("host", lang),
                               "legend": {"orient": "right"}}}}
    return svg(spec, lang)


def network_chart(net: dict[str, Any], lang: str) -> str:
    """Bipartite: actors on the outer ring, alliances (and formats) on the inner ring, a line
    from each alliance to each member; dashed where the format did not exist on the date."""
    import math

    def ring(names: list[str], radius: float, turn: float) -> dict[str, tuple[float, float]]:
        """Points evenly on a circle."""
        n = max(len(names), 1)
        return {a: (radius * math.cos(2 * math.pi * i / n + turn),
                    radius * math.sin(2 * math.pi * i / n + turn)) for i, a in enumerate(names)}

    first = [a for a in ("USA", "JPN", "KOR") if a in net["actors"]]
    actors = ring([*first, *(a for a in net["actors"] if a not in first)], 1.0, math.pi / 2)
    hubs = {}  # each alliance at the centroid of its members, drawn a little inwards
    for al in net["alliances"]:
        pts = [actors[m] for m in al["members"] if m in actors] or [(0.0, 0.0)]
        hubs[al["id"]] = (0.7 * sum(p[0] for p in pts) / len(pts),
                          0.7 * sum(p[1] for p in pts) / len(pts))
    edges = [{"alliance": al["id"], "x": hubs[al["id"]][0], "y": hubs[al["id"]][1],
              "x2": actors[m][0], "y2": actors[m][1],
              "state": t("active" if al["active"] else "not_yet", lang)}
             for al in net["alliances"] for m in al["members"] if m in actors]
    nodes = [{"label": a, "x": x, "y": y, "kind": "actor"} for a, (x, y) in actors.items()]
    nodes += [{"label": a, "x": x, "y": y, "kind": "alliance"} for a, (x, y) in hubs.items()]
    axis = {"axis": None, "scale": {"domain": [-1.35, 1.35]}}
    xy = {"x": {"field": "x", "type": "quantitative", **axis},
          "y": {"field": "y", "type": "quantitative", **axis}}
    spec = _base(520, 520) | {"layer": [
        {"data": {"values": edges}, "mark": {"type": "rule", "strokeWidth": 2},
         "encoding": {**xy, "x2": {"field": "x2"}, "y2": {"field": "y2"},
                      "color": {"field": "alliance", "type": "nominal",
                                "title": t("alliance", lang), "legend": None},
                      "strokeDash": {"field": "state", "type": "nominal",
                                     "title": t("status", lang)}}},
        {"data": {"values": nodes},
         "mark": {"type": "point", "filled": True, "opacity": 1},
         "encoding": {**xy, "shape": {"field": "kind", "type": "nominal", "legend": None,
                                      "scale": {"domain": ["actor", "alliance"],
                                                "range": ["circle", "square"]}},
                      "size": {"value": 420}, "color": {"value": "#333"}}},
        {"data": {"values": nodes}, "mark": {"type": "text", "dy": -18, "fontSize": 12},
         "encoding": {**xy, "text": {"field": "label"}}}]}
    return svg(spec, lang)


__all__ = ["data_uri", "forces_map", "history_chart", "network_chart", "sparkline", "svg",
           "troops_chart"]
