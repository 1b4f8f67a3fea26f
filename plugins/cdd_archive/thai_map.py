"""The province map of Thailand: simplified SVG paths (data/thailand_map.json, made by
make_map_data.py from amCharts geodata, linkware licence) joined with the archive counts."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAP_FILE = Path(__file__).resolve().parent / "data" / "thailand_map.json"


@dataclass(frozen=True)
class MapArea:
    slug: str
    name: str
    d: str
    x: int
    y: int
    count: int
    level: int
    url: str


@dataclass(frozen=True)
class ProvinceMap:
    view_box: str
    areas: tuple[MapArea, ...]
    water: str


@lru_cache(maxsize=1)
def load(path: Path = MAP_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


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
    # Smaller provinces last, so their outlines stay on top of their neighbours'.
    areas.sort(key=lambda a: -len(a.d))
    return ProvinceMap(data["viewBox"], tuple(areas), data.get("water", ""))
