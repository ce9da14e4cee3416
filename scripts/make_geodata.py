"""Regenerate the bundled Indo-Pacific land outline (web/static/indo_pacific.geojson).

One-off developer tool, not run at install or run time. Input: the Natural Earth 1:110m
countries shapefile (public domain) that the geopandas 0.14 wheel ships under
``geopandas/datasets/naturalearth_lowres/``; read with pyshp. Usage:

    pip download --no-deps geopandas==0.14.4 pyshp -d /tmp/ne && unzip the wheels, then
    python scripts/make_geodata.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Only countries that touch the window lon 60..200, lat -50..60 are kept; coordinates are
rounded to 0.1 degree, which keeps the file small (the map is a schematic, not a chart for
navigation). Longitudes west of -120 are shifted by +360 so the Pacific is not split.
"""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parents[1] / "src/alliance_monitor/web/static/indo_pacific.geojson"
LON, LAT = (60.0, 200.0), (-50.0, 60.0)


def ring(points: list[tuple[float, float]]) -> list[list[float]]:
    shifted = [(x + 360 if x < -120 else x, y) for x, y in points]
    out: list[list[float]] = []
    for x, y in shifted:
        p = [round(x, 1), round(y, 1)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def main(path: str) -> None:
    reader = shapefile.Reader(path)
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for rec, shp in zip(reader.records(), reader.shapes(), strict=True):
        props = dict(zip(fields, rec, strict=True))
        parts = [*shp.parts, len(shp.points)]
        polys = [ring(shp.points[a:b]) for a, b in pairwise(parts)]
        polys = [p for p in polys if len(p) >= 4 and any(
            LON[0] <= x <= LON[1] and LAT[0] <= y <= LAT[1] for x, y in p)]
        if not polys:
            continue
        features.append({"type": "Feature", "properties": {"iso3": props.get("iso_a3")},
                         "geometry": {"type": "MultiPolygon",
                                      "coordinates": [[p] for p in polys]}})
    doc = {"type": "FeatureCollection",
           "source": "Natural Earth 1:110m admin-0 countries (public domain), clipped",
           "features": features}
    OUT.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {len(features)} features, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
