"""Derive the province map data (plugins/cdd_archive/data/thailand_map.json) from amCharts geodata.

Usage: python plugins/cdd_archive/make_map_data.py PATH/TO/thailandLow.json

The source is ``json/thailandLow.json`` of the npm package ``@amcharts/amcharts4-geodata`` (4.1.32,
amCharts free "linkware" licence: attribution shown under the map, licence text committed beside
the data as data/LICENSE-amcharts.txt). Get it with ``npm pack @amcharts/amcharts4-geodata`` and
untar; the site never needs the package at build time, only the JSON written here.

Each province becomes one SVG path (projected, simplified with Douglas-Peucker, integer relative
coordinates) keyed by its cdd_thai slug; Pattaya is merged into Chon Buri and Songkhla Lake kept
as water.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

from cdd_thai import provinces

HERE = Path(__file__).resolve().parent

SCALE = 66.0  # SVG units per degree of latitude
TOLERANCE = 0.9  # Douglas-Peucker tolerance in SVG units
MIN_RING_AREA = 6.0  # drop islets smaller than this (SVG units squared) unless a province's largest
ALIASES = {"Bangkok Metropolis": "bangkok", "Phatthaya": "chon-buri"}
WATER = {"Songkhla Lake"}


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _perp(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on an open polyline (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, dmax = 0, 0.0
        for i in range(first + 1, last):
            d = _perp(points[i], points[first], points[last])
            if d > dmax:
                index, dmax = i, d
        if dmax > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def area(ring) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))


def centroid(ring) -> tuple[float, float]:
    a = area(ring) or 1e-9
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))
    return cx / (6 * a), cy / (6 * a)


def ring_path(ring) -> str:
    """An SVG subpath with integer relative steps."""
    pts = [(round(x), round(y)) for x, y in ring]
    dedup = [pts[0]] + [p for prev, p in zip(pts, pts[1:]) if p != prev]
    out = [f"M{dedup[0][0]} {dedup[0][1]}"]
    steps = []
    for (x0, y0), (x1, y1) in zip(dedup, dedup[1:]):
        steps.append(f"{x1 - x0} {y1 - y0}")
    return out[0] + "l" + " ".join(steps).replace(" -", "-") + "z"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="thailandLow.json from @amcharts/amcharts4-geodata")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "data" / "thailand_map.json")
    args = parser.parse_args(argv)

    by_key = {_key(p.name_en): p.slug for p in provinces.PROVINCES}
    features = json.loads(args.source.read_text(encoding="utf-8"))["features"]
    polys = []
    for f in features:
        g = f["geometry"]
        polys += [c for c in ([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"])]
    lons = [x for poly in polys for ring in poly for x, _ in ring]
    lats = [y for poly in polys for ring in poly for _, y in ring]
    lat_mid = math.radians((min(lats) + max(lats)) / 2)
    kx, lon0, lat1 = SCALE * math.cos(lat_mid), min(lons), max(lats)

    def project(ring):
        return [((lon - lon0) * kx + 4, (lat1 - lat) * SCALE + 4) for lon, lat in ring]

    shapes: dict[str, list] = {}
    water = []
    for f in features:
        name = f["properties"]["name"]
        g = f["geometry"]
        rings = [ring for poly in ([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"])
                 for ring in poly]
        projected = [project(r) for r in rings]
        if name in WATER:
            water += projected
            continue
        slug = ALIASES.get(name) or by_key.get(_key(name))
        if not slug:
            parser.error(f"unknown province in the source: {name}")
        shapes.setdefault(slug, []).extend(projected)
    missing = set(by_key.values()) - set(shapes)
    if missing:
        parser.error(f"provinces without geometry: {sorted(missing)}")

    result = {}
    for slug, rings in sorted(shapes.items()):
        largest = max(rings, key=lambda r: abs(area(r)))
        kept = [simplify(r, TOLERANCE) for r in rings if r is largest or abs(area(r)) >= MIN_RING_AREA]
        kept = [r for r in kept if len(r) >= 4]
        cx, cy = centroid(largest)
        result[slug] = {"d": "".join(ring_path(r) for r in kept), "x": round(cx), "y": round(cy)}
    width = round((max(lons) - lon0) * kx + 8)
    height = round((lat1 - min(lats)) * SCALE + 8)
    data = {
        "source": "@amcharts/amcharts4-geodata 4.1.32 json/thailandLow.json (amCharts linkware licence)",
        "viewBox": f"0 0 {width} {height}",
        "provinces": result,
        "water": "".join(ring_path(simplify(r, TOLERANCE)) for r in water),
    }
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    sys.stdout.write(f"{args.output}: {len(result)} provinces, {args.output.stat().st_size} bytes\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
