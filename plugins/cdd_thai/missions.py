"""The department's missions (data/missions.toml) and which of them a press release serves."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from . import DATA_DIR

TAXONOMY_FILE = DATA_DIR / "missions.toml"
TITLE_WEIGHT = 3.0
WEAK_WEIGHT = 1 / 3
MIN_EVIDENCE = 2.0
OVERVIEW_MISSIONS = 4  # a text touching this many missions is a policy overview


@dataclass(frozen=True)
class Mission:
    slug: str
    name_th: str
    name_en: str
    description: str
    keywords: tuple[re.Pattern, ...] = field(repr=False, default=())
    weak: tuple[re.Pattern, ...] = field(repr=False, default=())
    exclude: tuple[re.Pattern, ...] = field(repr=False, default=())

    def __str__(self) -> str:
        return self.name_th

    def evidence(self, text: str, weight: float = 1.0) -> float:
        for pattern in self.exclude:
            text = pattern.sub(" ", text)
        hits = sum(len(p.findall(text)) for p in self.keywords)
        weak = sum(len(p.findall(text)) for p in self.weak)
        return weight * (hits + WEAK_WEIGHT * weak)


def _any_of(patterns: list[str]) -> tuple[re.Pattern, ...]:
    """One alternation per list: a text is scanned once per list instead of once per keyword.
    Each alternative is its own group-free branch, so findall counts every match of any keyword."""
    return (re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE),) if patterns else ()


def load_missions(path=TAXONOMY_FILE) -> tuple[Mission, ...]:
    """Read the taxonomy; a broken file fails loudly with its path."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        missions = tuple(
            Mission(
                slug=item["slug"], name_th=item["name_th"], name_en=item["name_en"],
                description=item["description"],
                keywords=_any_of(item.get("keywords", [])),
                weak=_any_of(item.get("weak", [])),
                exclude=tuple(re.compile(k, re.IGNORECASE) for k in item.get("exclude", [])),
            )
            for item in data["mission"]
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError, re.error) as exc:
        raise RuntimeError(f"{path}: cannot read the mission taxonomy: {exc}") from exc
    slugs = [m.slug for m in missions]
    if len(set(slugs)) != len(slugs):
        raise RuntimeError(f"{path}: duplicate mission slug")
    return missions


MISSIONS = load_missions()
_BY_SLUG = {m.slug: m for m in MISSIONS}


def mission_by_slug(slug: str) -> Mission | None:
    return _BY_SLUG.get(slug.strip().lower())


def score_missions(title: str, body: str, title_scores: dict[str, float] | None = None) -> dict[str, float]:
    """Evidence per mission slug: keyword matches, headline matches weighted up."""
    scores = {}
    for mission in MISSIONS:
        in_title = title_scores[mission.slug] if title_scores is not None else mission.evidence(title)
        score = TITLE_WEIGHT * in_title + mission.evidence(body)
        if score:
            scores[mission.slug] = score
    return scores


def classify_missions(title: str, body: str) -> list[str]:
    """Mission slugs the text serves, primary first; [] when none is clear (never invented)."""
    title_scores = {m.slug: m.evidence(title) for m in MISSIONS}
    scores = score_missions(title, body, title_scores)
    kept = {slug: s for slug, s in scores.items() if s >= MIN_EVIDENCE or title_scores[slug] >= 1}
    if not kept:
        return []
    ranked = sorted(kept, key=lambda slug: (-kept[slug], slug))
    if len(kept) >= OVERVIEW_MISSIONS:
        named = [slug for slug in ranked if title_scores[slug] >= 1]
        return named or ranked[:1]
    return ranked
