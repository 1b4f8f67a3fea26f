"""The department's missions (data/missions.toml) and which of them a press release serves."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from re import _parser  # the regex module's own parser: the literal text a pattern opens with

from . import DATA_DIR
from .text import compile_at_openings, resolve_list

TAXONOMY_FILE = DATA_DIR / "missions.toml"
TITLE_WEIGHT = 3.0
WEAK_WEIGHT = 1 / 3
MIN_EVIDENCE = 2.0
OVERVIEW_MISSIONS = 4  # a text touching this many missions is a policy overview
MIN_SHARE = 0.15  # a secondary mission not in the headline needs this share of the primary's evidence
# A ceremony of the department in the headline (anniversary, CD Day, retirement, Songkran blessing) makes the
# news organisational, whatever awards or activities happen there (TAXONOMY.md).
CEREMONY = re.compile(r"วันคล้ายวันก่อตั้ง|วันพัฒนาชุมชน|CD\s?Day|เกษียณอายุราชการ|มุทิตาจิต|รดน้ำขอพร", re.IGNORECASE)


@dataclass(frozen=True)
class Terms:
    """One list of a mission's regular expressions, matched as one alternation: findall counts every
    match of any of them. An expression whose text (one that every match of it holds) is absent from a
    text never matches there, and a text holds the texts of few of them: the alternation's scan is
    spared when none or one can match, and made of fewer expressions otherwise."""

    # (text every match holds, expression, its own pattern or None when it is that plain Thai text: a str.count)
    branches: tuple[tuple[str, str, re.Pattern | None], ...] = ()
    required: tuple[str, ...] = ()  # of the branches, in their order

    def count(self, text: str, low: str) -> int:
        """Matches in ``text`` (``low``: text.lower())."""
        present = tuple(compress(self.branches, map(low.__contains__, self.required)))
        if len(present) > 1:
            return len(_alternation(tuple(branch[1] for branch in present)).findall(text))
        if not present:
            return 0
        literal, _, pattern = present[0]
        return text.count(literal) if pattern is None else len(pattern.findall(text))


@lru_cache(maxsize=1024)
def _alternation(patterns: tuple[str, ...]) -> re.Pattern:
    """Each alternative is its own group-free branch, so findall counts every match of any of them.
    (Tried only where one can open: case-insensitive with a Latin letter, it is slow elsewhere.)"""
    return compile_at_openings("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class Mission:
    slug: str
    name_th: str
    name_en: str
    description: str
    keywords: Terms = field(repr=False, default=Terms())
    weak: Terms = field(repr=False, default=Terms())
    exclude: tuple[re.Pattern, ...] = field(repr=False, default=())
    # Literal openings of every keyword and weak word (lower case), or None when one has none: a text
    # that contains none of them cannot match, and most texts touch few missions (a cheap `in` test
    # instead of a regex scan).
    anchors: tuple[str, ...] | None = field(repr=False, default=None)

    def __str__(self) -> str:
        return self.name_th

    def hits(self, text: str) -> tuple[int, int]:
        """(keyword matches, weak matches) once the exclusions are taken out of the text."""
        if self.anchors is not None:
            low = _lower(text)
            if not any(map(low.__contains__, self.anchors)):
                return 0, 0
        for pattern in self.exclude:
            text = pattern.sub(" ", text)
        low = _lower(text)
        return self.keywords.count(text, low), self.weak.count(text, low)


# classify_missions_detail asks each mission about the same title and body
_lower = lru_cache(maxsize=4)(str.lower)


def _anchors(patterns: list[str]) -> tuple[str, ...] | None:
    """The literal text each pattern must start with ("โคก" of 'โคก\\s*หนอง\\s*นา'); None when a
    pattern starts with regex syntax."""
    out = []
    for pattern in patterns:
        pattern = pattern.removeprefix("\\b")
        literal = re.match(r"(?:[^\\.^$*+?{}\[\]()|])*", pattern).group(0)
        rest = pattern[len(literal):]
        if rest[:1] in ("?", "*", "{"):
            literal = literal[:-1]  # the last character is optional
        if not literal:
            return None
        out.append(literal.lower())
    return tuple(out)


def _literal_runs(pattern: str) -> list[str]:
    """The texts every match of ``pattern`` (IGNORECASE) holds, in lower case, in their order: the runs of
    plain characters between its other parts ("โคก", "หนอง", "นา" of 'โคก\\s*หนอง\\s*นา'; "hope" of
    'D-?HOPE'), so that `run in text.lower()` is exact. A run stops before i and s, which IGNORECASE also
    matches as ı and ſ (lower() keeps those), and before other non-ASCII cased letters."""
    runs, run = [], ""
    for op, value in _parser.parse(pattern, re.IGNORECASE):
        char = chr(value) if op is _parser.LITERAL else ""
        if char.lower() != char.upper():
            char = char.lower() if char.isascii() and char.lower() not in "is" else ""
        if char:
            run += char
        else:
            runs.append(run)
            run = ""
    return [r for r in runs + [run] if r]


def _terms(patterns: list[str]) -> Terms:
    """A list of the taxonomy (keywords, weak words) as Terms: each expression with the longest text
    its matches hold (the likeliest to be absent from a text where it cannot match: "ปัญหาความยากจน"
    of 'แก้(?:ไข)?ปัญหาความยากจน', not "แก้")."""
    if not patterns:
        return Terms()
    branches = []
    for pattern in patterns:
        runs = _literal_runs(pattern)
        plain = runs == [pattern] and pattern.lower() == pattern.upper()  # Thai text, no regex syntax
        compiled = None if plain else compile_at_openings(pattern, re.IGNORECASE)
        branches.append((max(runs, key=len, default=""), pattern, compiled))
    return Terms(tuple(branches), tuple(branch[0] for branch in branches))


def load_missions(path=TAXONOMY_FILE) -> tuple[Mission, ...]:
    """Read the taxonomy; a broken file fails loudly with its path."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        missions = tuple(
            Mission(
                slug=item["slug"], name_th=item["name_th"], name_en=item["name_en"],
                description=item["description"],
                keywords=_terms(item.get("keywords", [])),
                weak=_terms(item.get("weak", [])),
                exclude=tuple(re.compile(k, re.IGNORECASE) for k in item.get("exclude", [])),
                anchors=_anchors(item.get("keywords", []) + item.get("weak", [])),
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


def resolve_missions(value, on_unknown=None) -> list[Mission]:
    """The missions of a ``Missions`` field (slugs in any case, a string as split_list splits it or a
    list), in their order, each once; an unknown slug is skipped and given to ``on_unknown``."""
    return resolve_list(value, mission_by_slug, on_unknown)


def _score(title_hits: tuple[int, int], body_hits: tuple[int, int]) -> float:
    return TITLE_WEIGHT * (title_hits[0] + WEAK_WEIGHT * title_hits[1]) + body_hits[0] + WEAK_WEIGHT * body_hits[1]


def classify_missions(title: str, body: str) -> list[str]:
    """Mission slugs the text serves, primary first; [] when none is clear (never invented)."""
    return classify_missions_detail(title, body)[0]


def classify_missions_detail(title: str, body: str) -> tuple[list[str], str | None]:
    """classify_missions, and a note (Thai / English) when the missions rest on thin evidence (one
    keyword, or the organisation fallback), so the article can wait for a check; else None."""
    hits = {m.slug: (m.hits(title), m.hits(body)) for m in MISSIONS}
    named = {slug for slug, (in_title, _) in hits.items() if in_title[0] + WEAK_WEIGHT * in_title[1] >= 1}
    kept = {}
    for slug, (in_title, in_body) in hits.items():
        score = _score(in_title, in_body)
        if score >= MIN_EVIDENCE or slug in named:
            kept[slug] = score
    if not kept:
        # TAXONOMY.md's fallback: a meeting, a policy briefing or a ceremony with no programme named
        # twice is organisational (the programmes a briefing lists are its agenda, not its subject).
        org = _BY_SLUG.get("organization")
        if org and sum(org.hits(title + "\n" + body)) >= 2:
            return ["organization"], ("ภารกิจจากรูปแบบข่าว (ประชุม/พิธี) ไม่พบโครงการ / mission from the form "
                                      "of the news (a meeting or ceremony); no programme named")
        # Page openings are short: otherwise a programme named once by its own keyword is the
        # subject (weak words alone are not); with nothing named there is no mission.
        single = {slug: _score(t, b) for slug, (t, b) in hits.items() if t[0] + b[0] >= 1}
        if not single:
            return [], None
        best = max(single, key=lambda slug: (single[slug], slug))
        return [best], f"ภารกิจจากคำสำคัญคำเดียว / mission {best} from a single keyword"
    ranked = sorted(kept, key=lambda slug: (-kept[slug], slug))
    # A secondary mission needs the headline or a keyword of its own: weak words alone
    # (meetings, indicators, "model village") describe the format of the news, not its subject.
    ranked = [slug for i, slug in enumerate(ranked)
              if i == 0 or slug in named or (hits[slug][0][0] + hits[slug][1][0] >= 1
                                              and kept[slug] >= MIN_SHARE * kept[ranked[0]])]
    if CEREMONY.search(title) and "organization" in kept:
        return ["organization"], None
    kept = {slug: kept[slug] for slug in ranked}
    if len(kept) >= OVERVIEW_MISSIONS:
        return [slug for slug in ranked if slug in named] or ranked[:1], None
    return ranked, None
