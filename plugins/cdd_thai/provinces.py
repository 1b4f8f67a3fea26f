"""Thailand's 77 provinces plus the CDD central office, and where a press release's event happened.

The names, abbreviations and English names come from the table pythainlp ships; data/provinces.tsv
adds regions and the short forms CDD writes (โคราช, อุดร, กทม.); data/districts.tsv maps the 928
districts to their province, because district offices write "พช.ภูเวียง" and never name the province.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from . import DATA_DIR
from .collation import thai_sort_key
from .text import compile_at_openings, resolve_list


@dataclass(frozen=True)
class Province:
    name_th: str
    name_en: str
    slug: str
    abbr_th: str
    code: str
    region: str

    def __str__(self) -> str:
        return self.name_th


# The six regions, north to south, as lists of provinces are grouped (data/provinces.tsv).
REGIONS = ("เหนือ", "ตะวันออกเฉียงเหนือ", "กลาง", "ตะวันออก", "ตะวันตก", "ใต้")
CENTRAL_NAME = "ส่วนกลาง"
BANGKOK = "กรุงเทพมหานคร"
CENTRAL = Province(CENTRAL_NAME, "Central office", "central", "", "", "ส่วนกลาง")


def _slug(name_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _load() -> tuple[tuple[Province, ...], dict[str, str]]:
    from pythainlp.corpus import provinces as pythainlp_provinces

    extra = {row[0]: row for row in _read_tsv("provinces.tsv")}
    result, aliases = [], {}
    for item in pythainlp_provinces(details=True):
        name = item["name_th"]
        _, region, alias_text = extra[name]
        abbr = item["abbr_th"] if name != "กรุงเทพมหานคร" else "กท"
        result.append(Province(name, item["name_en"], _slug(item["name_en"]), abbr, item["abbr_en"], region))
        for alias in filter(None, (a.strip() for a in alias_text.split(","))):
            aliases[alias] = name
    if len(result) != 77:
        raise RuntimeError(f"expected 77 provinces from pythainlp, got {len(result)}")
    result.sort(key=lambda p: thai_sort_key(p.name_th))
    return tuple(result), aliases


PROVINCES, ALIASES = _load()
ALL = PROVINCES + (CENTRAL,)
_BY_NAME = {p.name_th: p for p in ALL}
_BY_SLUG = {p.slug: p for p in ALL}
_BY_ABBR = {p.abbr_th: p for p in PROVINCES}
DISTRICTS: dict[str, tuple[str, ...]] = {}
for _district, _province in _read_tsv("districts.tsv"):
    DISTRICTS[_district] = DISTRICTS.get(_district, ()) + (_province,)


_WHITESPACE = re.compile(r"\s+")
_PROVINCE_PREFIX = re.compile(r"^(?:จังหวัด|จ\.)")


def _strip_prefix(text: str) -> str:
    return _PROVINCE_PREFIX.sub("", _WHITESPACE.sub("", text.strip()))


@lru_cache(maxsize=65536)
def province_by_name(name: str) -> Province | None:
    """The province named by a full name, 'จ.'/'จังหวัด' + name, a common short form, or ส่วนกลาง."""
    key = _strip_prefix(name)
    if key in _BY_NAME:
        return _BY_NAME[key]
    if key in ALIASES:
        return _BY_NAME[ALIASES[key]]
    return None


def resolve_provinces(value, on_unknown=None) -> list[Province]:
    """The provinces of a ``Provinces`` field (a string as split_list splits it, or a list), in their
    order, each once (โคราช and นครราชสีมา are one); an unknown name is skipped and given to
    ``on_unknown`` (say, to log it with the file). The one reading that the validator, the
    province pages and the search facets share."""
    return resolve_list(value, province_by_name, on_unknown)


def province_by_slug(slug: str) -> Province | None:
    return _BY_SLUG.get(slug.strip().lower())


def suggest_province(name: str, n: int = 3) -> list[str]:
    """The closest official names to a misspelt one (ขอนแกน -> ขอนแก่น), best first."""
    names = [p.name_th for p in ALL] + list(ALIASES)
    found = difflib.get_close_matches(_strip_prefix(name), names, n=n * 2, cutoff=0.6)
    out: list[str] = []
    for item in found:
        official = ALIASES.get(item, item)
        if official not in out:
            out.append(official)
    return out[:n]


_AFTER_PREFIX = re.compile(r"(จังหวัด|จ\.)\s?([ก-๙]{3,20})")  # a province's name, maybe misspelt


@lru_cache(maxsize=4096)
def _closest_province(word: str) -> str | None:
    """The official name nearest to a misspelt one (ร้อยอ็ด -> ร้อยเอ็ด), if any is that near."""
    close = difflib.get_close_matches(word, [p.name_th for p in PROVINCES], n=1, cutoff=0.8)
    return close[0] if close else None


def correct_province_spelling(text: str) -> str:
    """Fix a misspelt province after จังหวัด/จ. ("จังหวัดร้อยอ็ด" -> "จังหวัดร้อยเอ็ด"); others untouched."""

    def fix(m: re.Match) -> str:
        word = m.group(2)
        if province_by_name(word) or any(word.startswith(p.name_th) for p in PROVINCES):
            return m.group(0)
        close = _closest_province(word)
        return m.group(1) + close if close else m.group(0)

    return _AFTER_PREFIX.sub(fix, text)


# ---------------------------------------------------------------------------------------------
# Where did the event happen?

# Every way a province can be written, longest first so "นครศรีธรรมราช" beats "นคร...".
def _surface_forms() -> list[tuple[str, str]]:
    forms = [(p.name_th, p.name_th) for p in PROVINCES] + list(ALIASES.items())
    return sorted(forms, key=lambda form: -len(form[0]))


def _longest_first(words) -> str:
    """A regex matching, at a position, the longest of ``words`` there: a trie ("นคร(?:ราชสีมา|...)?"),
    each letter tried once, not each word in turn as in an alternation of them longest first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        either = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{either})?" if "" in node else either  # greedy: the longer word first

    return branch(trie)


_FORMS = _surface_forms()
_FORM_RE = _longest_first(form for form, _ in _FORMS)
_FORM_MAP = dict(_FORMS)
# Names that are also everyday words: only trusted after a prefix such as จ. or จังหวัด.
_AMBIGUOUS = {"เลย", "ตาก", "แพร่", "น่าน", "ตรัง", "ตราด", "สตูล", "ระนอง", "ยะลา", "พะเยา", "อุดร", "อุบล"}

_PREFIXED = re.compile(
    rf"(?P<prefix>สำนักงานพัฒนาชุมชนจังหวัด|พัฒนาการจังหวัด|รองผู้ว่าราชการจังหวัด|ผู้ว่าราชการจังหวัด"
    rf"|รองผวจ\.|ผวจ\.|ศาลากลางจังหวัด|จังหวัด|จ\.|พช\.|ศพช\.|ศูนย์ศึกษาและพัฒนาชุมชน)\s?(?P<name>{_FORM_RE})"
)
_BARE = re.compile(rf"(?P<name>{_FORM_RE})")
_DISTRICT = re.compile(r"(?P<prefix>อำเภอ|อ\.|สพอ\.|พช\.|พัฒนาการอำเภอ)\s?(?P<name>[ก-๙]{2,20})")
_CDD_ABBR = re.compile(r"(?:สพจ|พช)\.\s?(?P<abbr>[ก-ฮ]{2})\.")
_VENUE = compile_at_openings(r"(?:\sณ\s?|(?:^|\n|\s)ที่(?=ห้อง|หอประชุม|ลาน|ศาลา|โรงแรม|วัด|ศูนย์)|ในพื้นที่|ณ\s)")
_HQ = re.compile(r"War\s?Room|ชั้น\s?\d+\s*กรมการพัฒนาชุมชน|กรมการพัฒนาชุมชน\s*(?:ศูนย์ราชการ|อาคาร|ถนนแจ้งวัฒนะ)"
                 r"|ห้อง\S*\s*\S*\s*กรมการพัฒนาชุมชน", re.IGNORECASE)
# (tried only where one of its branches opens: case-insensitive, its scan of a text is slow elsewhere)
_NATIONAL = compile_at_openings(r"ผู้อำนวยการสำนัก|ผอ\.สำนัก|ทั่วประเทศ|\d{2}\s*จังหวัด|ประชุมทางไกล"
                                r"|(?:VDO|Video|วีดีโอ|วิดีโอ)\s?Conference|ส่วนกลาง", re.IGNORECASE)
# The department's head or its executives act at department level: with no province named, their event
# is the central office's (national launches, press conferences, ceremonies, video conferences).
_DEPARTMENT_LEVEL = compile_at_openings(r"(?<!ผู้ช่วย)(?:รอง)?อธิบดีกรมการพัฒนาชุมชน|คณะผู้บริหารกรม|ผู้บริหารกรมการพัฒนาชุมชน")
_OFFICIAL_PREFIXES = ("พัฒนาการจังหวัด", "รองผู้ว่าราชการจังหวัด", "ผู้ว่าราชการจังหวัด", "รองผวจ.", "ผวจ.")
_ACTING = re.compile(r"รักษาราชการแทน\s*$")
_ORIGIN = re.compile(r"(?:จาก|ชาว)\s*$")


@lru_cache(maxsize=65536)  # up to 19 prefixes of each word looked up; a province's texts name the same districts
def _district_provinces(word: str) -> tuple[str, ...]:
    # "อ.เมืองขอนแก่น" names its province; other districts go through the gazetteer,
    # trying the longest prefix of the glued run of Thai letters ("โพนทอง ชุมชนนี้" -> "โพนทอง").
    if word.startswith("เมือง") and word[5:] and _FORM_MAP.get(word[5:]):
        return (_FORM_MAP[word[5:]],)
    for end in range(len(word), 1, -1):
        if word[:end] in DISTRICTS:
            # Bangkok has เขต, not อำเภอ: "อำเภอจอมทอง" is the Chiang Mai one
            return tuple(p for p in DISTRICTS[word[:end]] if p != BANGKOK) or DISTRICTS[word[:end]]
    return ()


_CLAUSE_END = re.compile(r"\n|โดยมี|โดย\S|เพื่อ|พร้อมด้วย|นาย|นาง")


@lru_cache(maxsize=16)  # find_event_provinces reads the clauses of one body up to three times
def _clauses(text: str, pattern: re.Pattern, length: int = 160) -> tuple[str, ...]:
    """The text just after each venue marker ("ณ ...", "ในพื้นที่ ..."), up to the sentence's end."""
    return tuple(_up_to_end(text[m.end():m.end() + length]) for m in pattern.finditer(text))


def _up_to_end(text: str) -> str:
    """The text before the first clause end (split()[0], without splitting the rest)."""
    end = _CLAUSE_END.search(text)
    return text[:end.start()] if end else text


def _origin(text: str, start: int) -> float:
    """A place people come from ("คณะศึกษาดูงานจาก พช.ลำพูน", "ชาวจังหวัดยโสธร") says little about the venue."""
    return 0.2 if _ORIGIN.search(text[max(0, start - 8):start]) else 1.0


@dataclass
class _Evidence:
    """What the rules read (the article, its venue clauses) and the scores they add to."""

    title: str
    body: str
    venues: tuple[str, ...]
    official: float  # weight of officials' titles (half when a venue clause names a place)
    scores: dict[str, float] = field(default_factory=lambda: defaultdict(float))


# ----------------------------------------------------------------- mentions in one text


def _prefixed_mentions(scores, text: str, weight: float, official: float) -> list[tuple[int, int]]:
    """จังหวัดขอนแก่น, จ.ขอนแก่น, พัฒนาการจังหวัด...: the spans, for the bare names to skip."""
    spans = []
    for m in _PREFIXED.finditer(text):
        value = weight * _origin(text, m.start())
        if m["prefix"] in ("พัฒนาการจังหวัด",) and _ACTING.search(text[max(0, m.start() - 20):m.start()]):
            value *= 0.3  # someone acting for another province's chief
        if m["prefix"] in _OFFICIAL_PREFIXES:
            value *= official
        scores[_FORM_MAP[m["name"]]] += value
        spans.append((m.start(), m.end()))
    return spans


def _office_abbreviations(scores, text: str, weight: float) -> None:
    """พช.ขก.: the department's office of a province."""
    for m in _CDD_ABBR.finditer(text):
        province = _BY_ABBR.get(m["abbr"])
        if province:
            scores[province.name_th] += weight * _origin(text, m.start())


def _bare_names(scores, text: str, weight: float, spans, aliases: bool) -> None:
    """A province named without a prefix (not inside a prefixed mention, not an ambiguous word)."""
    inside = {i for start, end in spans for i in range(start, end)}
    for m in _BARE.finditer(text):
        if m["name"] in _AMBIGUOUS or m.start() in inside:
            continue
        if m["name"] in ALIASES and not aliases and not m["name"].endswith(("ฯ", ".")):
            continue  # short forms like "กาญจน์" hide inside people's names; "กทม." cannot
        scores[_FORM_MAP[m["name"]]] += weight * _origin(text, m.start())


def _districts(scores, text: str, weight: float) -> None:
    """A district names its province (shared among the provinces of a district name)."""
    for m in _DISTRICT.finditer(text):
        owners = _district_provinces(m["name"])
        for name in owners:
            scores[name] += weight * _origin(text, m.start()) / len(owners)


def _mentions(scores, text: str, prefixed: float, bare: float, district: float, aliases: bool = False,
              official: float = 1.0) -> None:
    spans = _prefixed_mentions(scores, text, prefixed, official)
    _office_abbreviations(scores, text, prefixed)
    if bare:
        _bare_names(scores, text, bare, spans, aliases)
    _districts(scores, text, district)


# ----------------------------------------------------------------- the rules, in order


def _title_rule(ev: _Evidence) -> None:
    _mentions(ev.scores, ev.title, prefixed=10, bare=6, district=8, aliases=True, official=ev.official)


def _misspelt_title_rule(ev: _Evidence) -> None:
    """A misspelt province after a prefix in the headline ("จังหวัดร้อยอ็ด") still names the place."""
    for m in _AFTER_PREFIX.finditer(ev.title):
        if not province_by_name(m.group(2)):
            close = _closest_province(m.group(2))
            if close:
                ev.scores[close] += 6


def _venue_rule(ev: _Evidence) -> None:
    for clause in ev.venues:
        _mentions(ev.scores, clause, prefixed=8, bare=5, district=6)


def _body_rule(ev: _Evidence) -> None:
    _mentions(ev.scores, ev.body, prefixed=2, bare=0.5, district=1.5, official=ev.official)


_IN_BRACKETS = re.compile(r"\(([^)]{10,400})\)")


def _listed_rule(ev: _Evidence) -> None:
    """Lists of several provinces (inspection zones, participants) say little about the venue."""
    listed = set()
    for group in _IN_BRACKETS.findall(ev.body):
        names = {_FORM_MAP[m] for m in _BARE.findall(group)}
        if len(names) >= 3:
            listed |= names
    for name in listed:
        ev.scores[name] -= 2 * ev.body.count(name)
        ev.scores[name] = max(ev.scores[name], 0.1)


# Applied in this order (each adds to the scores of the ones before; the last discounts lists).
PROVINCE_RULES = (_title_rule, _misspelt_title_rule, _venue_rule, _body_rule, _listed_rule)


def _officials_weight(venues: tuple[str, ...]) -> float:
    """An official's title names the province the official serves, not where the event is: when a
    venue clause ("ณ ...") names a province, officials' titles count half (a governor of สตูล opening
    a fair in หาดใหญ่, a chief of น่าน lecturing at the Lampang training centre)."""
    named = any(_PREFIXED.search(c) or _BARE.search(c) or _DISTRICT.search(c) for c in venues)
    return 0.5 if named else 1.0


def score_provinces(title: str, body: str) -> dict[str, float]:
    """Evidence, per province name, that the event happened there (higher is stronger)."""
    venues = _clauses(body, _VENUE)
    evidence = _Evidence(title, body, venues, _officials_weight(venues))
    for rule in PROVINCE_RULES:
        rule(evidence)
    return dict(evidence.scores)


def is_central_event(title: str, body: str) -> bool:
    """A central-office affair: held at CDD headquarters, or a national gathering with no venue province."""
    head = body[:1500]
    if any(_HQ.search(clause) for clause in _clauses(head, _VENUE)) or _HQ.search(title):
        return True
    return False


def find_event_provinces(title: str, body: str) -> list[str]:
    """Where the event happened: the main province first, then others with their own evidence.

    ส่วนกลาง for central-office events; [] when the text names no place at all.
    """
    if is_central_event(title, body):
        return [CENTRAL_NAME]
    scores = score_provinces(title, body)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], thai_sort_key(item[0])))
    best_name, best = ranked[0] if ranked else ("", 0.0)
    gathering = _NATIONAL.search(body[:1500])
    national = gathering and re.search(r"อธิบดี|กรมการพัฒนาชุมชน", title + body[:600])
    if best < 5 and national:
        return [CENTRAL_NAME]  # provinces only named in passing (pilots, examples) at a national gathering
    if best < 2:
        # No venue province: the department's own head or executives make it department-level news.
        return [CENTRAL_NAME] if _DEPARTMENT_LEVEL.search(title + "\n" + body[:1500]) else []
    venue_text = " ".join(_clauses(body[:1500], _VENUE))
    # A national gathering (bureau directors, all provinces) at a CDD training centre is central.
    if (gathering and re.search(r"อธิบดี", body[:800])
            and re.search(r"ศูนย์ศึกษาและพัฒนาชุมชน|ศพช\.", venue_text)
            and "สำนักงานพัฒนาชุมชนจังหวัด" not in body[:800] and best < 20):
        return [CENTRAL_NAME]
    # The department has no Bangkok provincial office: its own events in Bangkok (fairs in malls,
    # ceremonies at ministries) are central-office affairs (PROVINCES.md).
    if best_name == BANGKOK and (re.search(r"อธิบดี|กรมการพัฒนาชุมชน", title + body[:600])
                                 or (re.search(r"อธิบดี|กรมการพัฒนาชุมชน|มหาดไทย", title + body)
                                     and not re.search(r"จังหวัด|พช\.\S|กพส", title))):
        return [CENTRAL_NAME]
    return [name for name, score in ranked if score >= max(8.0, 0.8 * best)] or [best_name]
