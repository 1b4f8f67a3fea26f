"""The province map of Thailand: simplified SVG paths (data/thailand_map.json, made by
make_map_data.py from amCharts geodata, linkware licence) joined with the archive counts."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cdd_thai.provinces import REGIONS

MAP_FILE = Path(__file__).resolve().parent / "data" / "thailand_map.json"
# กรุงเทพฯ และปริมณฑล: too small to point at on a phone, so they are repeated, enlarged, in an
# inset drawn over the sea east of the southern peninsula.
INSET = ("bangkok", "nonthaburi", "pathum-thani", "samut-prakan", "samut-sakhon", "nakhon-pathom")
INSET_BOX = (330, 600, 200, 190)  # x, y, width, height available for the inset, in map units


@dataclass(frozen=True)
class MapArea:
    """One province as the map draws it: its outline, label point, news count and colour step."""

    slug: str
    name: str
    d: str  # SVG path
    x: int  # label point, in map units
    y: int
    count: int  # news of the province
    level: int  # colour step: 0 for no news, else 1..SHADE_LEVELS (groups.shade_level)
    url: str


@dataclass(frozen=True)
class Inset:
    transform: str  # SVG transform that maps the source box into the inset frame
    box: tuple[int, int, int, int]  # the source box (x, y, width, height), in map units
    frame: tuple[float, float, float, float]  # the enlarged frame, in map units
    areas: tuple[MapArea, ...]  # x, y are the label points inside the frame


@dataclass(frozen=True)
class ProvinceMap:
    view_box: str
    areas: tuple[MapArea, ...]
    water: str
    inset: Inset | None = None


# the subpaths of an SVG path and the numbers in one (make_map_data.ring_path writes M x y l dx dy ... z)
_SUBPATH = re.compile(r"M([^Mz]*)z")
_NUMBER = re.compile(r"-?\d+")


def path_box(d: str) -> tuple[int, int, int, int]:
    """Bounding box (min x, min y, max x, max y) of a path made by make_map_data.ring_path."""
    xs, ys = [], []
    for sub in _SUBPATH.findall(d):
        head, _, rest = sub.partition("l")
        x, y = map(int, head.split())
        xs.append(x)
        ys.append(y)
        numbers = [int(n) for n in _NUMBER.findall(rest)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def make_inset(areas: dict[str, MapArea], slugs=INSET, target=INSET_BOX, margin: int = 3) -> Inset | None:
    """The inset of the given provinces, enlarged to fit the target box."""
    chosen = [areas[s] for s in slugs if s in areas]
    if not chosen:
        return None
    boxes = [path_box(a.d) for a in chosen]
    x0 = min(b[0] for b in boxes) - margin
    y0 = min(b[1] for b in boxes) - margin
    x1 = max(b[2] for b in boxes) + margin
    y1 = max(b[3] for b in boxes) + margin
    tx, ty, tw, th = target
    scale = min(tw / (x1 - x0), th / (y1 - y0))
    fx, fy = tx + (tw - scale * (x1 - x0)) / 2, ty + (th - scale * (y1 - y0)) / 2
    moved = tuple(
        MapArea(a.slug, a.name, a.d, round(fx + scale * (a.x - x0)), round(fy + scale * (a.y - y0)),
                a.count, a.level, a.url)
        for a in chosen
    )
    return Inset(
        transform=f"translate({fx - scale * x0:.1f} {fy - scale * y0:.1f}) scale({scale:.3f})",
        box=(x0, y0, x1 - x0, y1 - y0),
        frame=(round(fx, 1), round(fy, 1), round(scale * (x1 - x0), 1), round(scale * (y1 - y0), 1)),
        areas=moved,
    )


@lru_cache(maxsize=1)
def load(path: Path = MAP_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _region_rank(group) -> int:
    region = getattr(group.subject, "region", None)
    return REGIONS.index(region) if region in REGIONS else len(REGIONS)


def province_map(groups: dict) -> ProvinceMap:
    """One area per province that has geometry, from the province archives (slug -> Archive)."""
    data = load()
    areas = []
    for slug, shape in data["provinces"].items():
        group = groups.get(slug)
        if group is None:
            continue
        areas.append(MapArea(slug, group.name, shape["d"], shape["x"], shape["y"],
                             group.count, group.level, group.url))
    # Keyboard order is document order: by region, then as the list below the map (map.js draws
    # the outline of the focused province on top of its neighbours).
    order = {slug: i for i, slug in enumerate(groups)}
    areas.sort(key=lambda a: (_region_rank(groups[a.slug]), order[a.slug]))
    inset = make_inset({a.slug: a for a in areas})
    return ProvinceMap(data["viewBox"], tuple(areas), data.get("water", ""), inset)
