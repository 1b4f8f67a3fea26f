"""Front-matter schema of an article and the checks the validator and the build run on it.

Pure functions on text: ``check_text`` checks one file, ``check_files`` a set of files (adding the
cross-file check: unique slugs). Every problem names the file and the line, in Thai and English:

    content/articles/2020/x.md:3: จังหวัด "ขอนแกน" ไม่มีในรายชื่อ 77 จังหวัด + ส่วนกลาง — หมายถึง "ขอนแก่น" หรือไม่? / Unknown province "ขอนแกน" — did you mean "ขอนแก่น"?

Dates, provinces and missions are judged by this package's own modules; nothing is re-implemented here.
The header is read the way Python-Markdown's ``meta`` extension (which Pelican uses) reads it.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import dates, missions, provinces, safe_html
from .text import split_list

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Field:
    """One front-matter field: its name as written, whether it is required, whether it is a list."""

    name: str
    required: bool
    many: bool
    th: str
    en: str


# The schema scripts/normalize.py writes and scripts/new_article.py asks for (in this order).
FIELDS: dict[str, Field] = {
    f.name.lower(): f
    for f in (
        Field("Title", True, False, "หัวข้อข่าว", "headline"),
        Field("Date", True, False, "วันที่", "date (2563-10-30, 2020-10-30 or 30 ตุลาคม 2563)"),
        Field("DateSource", False, False, "ที่มาของวันที่", "text (the event date in the text) or published"),
        Field("Published", False, False, "วันที่เผยแพร่", "the post's own publication date (2020-10-30)"),
        Field("Provinces", True, True, "จังหวัด", "provinces (Thai names, comma separated)"),
        Field("Missions", False, True, "ภารกิจ", "mission slugs, comma separated (may be empty)"),
        Field("Tags", False, True, "แท็ก", "tags (left empty: filled in automatically)"),
        Field("People", False, True, "บุคคล", "people named in the article"),
        Field("Author", False, False, "ผู้เขียน", "byline or credit"),
        Field("Source", False, False, "ที่มา", "source URL or raw file"),
        Field("Summary", False, False, "สรุป", "summary, plain text"),
        Field("Slug", False, False, "ชื่อในลิงก์", "URL slug, ASCII"),
        Field("Lang", False, False, "ภาษา", "language code (th)"),
        Field("Modified", False, False, "วันที่แก้ไข", "date modified"),
        Field("Status", False, False, "สถานะ", "published, draft or hidden"),
        Field("Districts", False, True, "อำเภอ", "districts"),
        Field("Image", False, False, "ภาพ", "image"),
    )
}
PAGE_REQUIRED = ("title",)


def render_article(meta: dict[str, str], body: str, *, keep_empty: tuple[str, ...] = ()) -> str:
    """An article file: Pelican's ``Key: value`` header in the order of FIELDS, a blank line, the body.
    Empty fields are left out, except those in ``keep_empty`` (a ``Tags:`` line for the officer to fill)."""
    head = [f"{field.name}: {meta.get(field.name) or ''}" for field in FIELDS.values()
            if meta.get(field.name) or field.name in keep_empty]
    return "\n".join(head) + "\n\n" + body
STATUSES = ("published", "draft", "hidden")
DATE_SOURCES = ("text", "published")
# Published is read by the article page as it is (plugins/cdd_images/article_meta.py): Gregorian ISO only.
PUBLISHED_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
SLUG_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
LANG_RE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")

# Every header field becomes an attribute of Pelican's article, so some fields make Pelican act:
# they choose the template or the output file and URL of the page (Save_as: ../../x writes outside
# output/), or overwrite what Pelican and the plugins set themselves. They are refused unless the
# setting CDD_VALIDATE["allow_fields"] lists them.
ACTING_FIELDS = frozenset({
    "template", "save_as", "url", "date_format", "timezone", "locale_date", "locale_modified",
    "translation", "translations", "in_default_lang", "default_template", "default_status", "settings",
    "metadata", "source_path", "relative_source_path", "relative_dir", "reader", "path", "filename",
    "content", "summary_max_length", "summary_max_paragraphs", "summary_end_suffix",
    # set by this project's plugins
    "province_list", "mission_list", "related", "older_article", "newer_article", "date_iso",
    "list_summary", "cdd_problems", "cdd_slug_at", "cdd_safe",
})
ACTING_PATTERN = re.compile(r"(?:.*_save_as|.*_url|override_.*|_.*|.*_template)")

# Characters that are invisible or reorder text: control characters (C0 but tab, DEL, C1), zero-width
# characters and the bidirectional embedding, override and isolate controls. In a headline they make
# spoofed or unsearchable titles; in a feed most of them make the XML invalid.
INVISIBLE_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")

# Python-Markdown's meta extension, which Pelican's Markdown reader uses.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?$")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


@dataclass(frozen=True)
class Problem:
    """One problem in one file, at one line, in Thai and English."""

    path: str
    line: int
    th: str
    en: str
    severity: str = ERROR

    @property
    def message(self) -> str:
        return f"{self.th} / {self.en}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Header:
    """The parsed front matter: lower-case key -> (value, line number)."""

    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # lower-case key -> key as written
    body_line: int = 1  # first line after the header
    problems: list[Problem] = field(default_factory=list)
    slip: bool = False  # the header ended at a mistyped field line (the fields after it were not read)

    def value(self, key: str) -> str:
        return self.fields.get(key, ("", 0))[0]

    def line(self, key: str) -> int:
        return self.fields.get(key, ("", 1))[1]


def source_lines(text: str) -> list[str]:
    """The lines as Python-Markdown sees them: split at newlines only (str.splitlines would also
    split at U+0085, U+2028 and other separators, which then go unnoticed inside a field)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_header(text: str, path: str = "") -> Header:
    """Read the ``Key: value`` header at the top of a Markdown file, with line numbers."""
    header = Header()
    lines = source_lines(text)
    i = 0
    if lines and BEGIN_RE.match(lines[0]):
        i = 1
    last_key = None
    while i < len(lines):
        line = lines[i]
        number = i + 1
        if not line.strip() or END_RE.match(line):
            break
        m = META_RE.match(line)
        if m:
            key = m["key"].lower()
            if key in header.fields:
                header.problems.append(Problem(
                    path, number,
                    f"ช่อง {m['key']} ซ้ำ (มีแล้วที่บรรทัด {header.fields[key][1]})",
                    f"Field {m['key']} given twice (first on line {header.fields[key][1]})"))
            else:
                header.fields[key] = (m["value"].strip(), number)
                header.names[key] = m["key"]
            last_key = key
        elif last_key and META_MORE_RE.match(line):
            value, first = header.fields[last_key]
            header.fields[last_key] = (f"{value} {line.strip()}".strip(), first)
        else:
            mistake = header_mistake(line)
            if mistake:
                header.problems.append(Problem(path, number, *mistake))
                header.slip = True
            elif not header.fields:
                header.problems.append(Problem(
                    path, number,
                    "ไม่พบส่วนหัวของข่าว: บรรทัดแรกต้องเป็น \"Title: หัวข้อข่าว\"",
                    "No header: the first line must be \"Title: headline\""))
            else:
                header.problems.append(Problem(
                    path, number,
                    "บรรทัดนี้ไม่อยู่ในรูป \"ชื่อช่อง: ค่า\" — ส่วนหัวจบก่อนเวลา "
                    "(ต้องเว้นบรรทัดว่างหนึ่งบรรทัดระหว่างส่วนหัวกับเนื้อข่าว)",
                    "This line is not \"Key: value\", so the header ends early "
                    "(leave one blank line between the header and the body)"))
            break
        i += 1
    header.body_line = i + 1
    return header


# Thai names an officer may give a field (the form's labels and everyday words) -> the field's name.
THAI_FIELD_NAMES = {f.th: f.name for f in FIELDS.values()} | {
    "หัวข้อ": "Title", "หัวเรื่อง": "Title", "ชื่อเรื่อง": "Title", "ชื่อข่าว": "Title", "พาดหัว": "Title",
    "วัน": "Date", "วันที่จัดกิจกรรม": "Date", "วันเดือนปี": "Date", "ภารกิจหลัก": "Missions",
    "คำสำคัญ": "Tags", "ผู้เขียนข่าว": "Author", "สรุปข่าว": "Summary", "เรื่องย่อ": "Summary",
    "รูป": "Image", "รูปภาพ": "Image", "ภาพหลัก": "Image", "ภาพประกอบ": "Image", "ชื่อลิงก์": "Slug",
}
_KEYISH_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<key>[^\s:：][^:：]{0,30}?)(?P<space>[ \t]*)(?P<colon>[:：])(?P<value>.*)$")


def header_mistake(line: str) -> tuple[str, str] | None:
    """(Thai, English) for a header line that is almost "Key: value" (the usual slips), else None:
    indented by a tab or 4+ spaces, a space before the colon, a Thai field name, a full-width colon."""
    m = _KEYISH_RE.match(line)
    if not m:
        return None
    key, indent = m["key"].strip(), m["indent"]
    english = re.fullmatch(r"[A-Za-z0-9_-]+", key) is not None
    known = FIELDS.get(key.lower())
    name = known.name if known else THAI_FIELD_NAMES.get(key)
    example = f'"{name or key}: {m["value"].strip()[:30]}"'
    if not english:
        if name:
            return (f'ชื่อช่อง "{key}" ต้องเขียนเป็นภาษาอังกฤษ: ใช้ {example}',
                    f'Field names are English: write {example} instead of "{key}:"')
        if re.search(r"[\u0e00-\u0e7f]", key) and not re.search(r"\s", key) and len(key) <= 20:
            names = ", ".join(f.name for f in FIELDS.values() if f.required)
            return (f'ไม่รู้จักชื่อช่อง "{key}": ชื่อช่องต้องเป็นภาษาอังกฤษ เช่น {names}',
                    f'Unknown field name "{key}": field names are English, e.g. {names}')
        return None
    if "\t" in indent or len(indent.expandtabs(4)) > 3:
        what_th = "แท็บ" if "\t" in indent else "ช่องว่าง"
        what_en = "a tab — remove it" if "\t" in indent else "spaces — remove them"
        return (f"บรรทัดส่วนหัวขึ้นต้นด้วย{what_th} — ลบ{what_th}หน้า {key}: ออก ให้ชื่อช่องชิดซ้าย",
                f"This header line starts with {what_en} so that {key}: starts the line")
    if m["space"]:
        return (f'มีช่องว่างก่อนเครื่องหมาย : — เขียน {example} (ชื่อช่องติดกับ :)',
                f'A space before the colon — write {example} (no space between the name and ":")')
    if m["colon"] == "：":
        return (f'ใช้ : ตัวเต็มความกว้าง (：) — เปลี่ยนเป็น : ธรรมดา: {example}',
                f'Full-width colon (：) — use a plain ":": {example}')
    return None


def _closest(word: str, choices: Iterable[str], n: int = 1) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)


def _or_th(names: list[str]) -> str:
    return " หรือ ".join(f'"{name}"' for name in names)


def _or_en(names: list[str]) -> str:
    return " or ".join(f'"{name}"' for name in names)


def check_province(name: str) -> tuple[str, str] | None:
    """None when ``name`` is one of the 77 provinces or ส่วนกลาง, else a (Thai, English) message."""
    if provinces.province_by_name(name) is not None:
        return None
    suggestions = provinces.suggest_province(name, n=2)[:1]
    th = f'จังหวัด "{name}" ไม่มีในรายชื่อ 77 จังหวัด + ส่วนกลาง'
    en = f'Unknown province "{name}"'
    if suggestions:
        th += f" — หมายถึง {_or_th(suggestions)} หรือไม่?"
        en += f" — did you mean {_or_en(suggestions)}?"
    return th, en


def suggest_mission(name: str) -> list[str]:
    """Mission slugs close to ``name`` (a misspelt slug, or a mission's Thai or English name)."""
    by_name = {}
    for mission in missions.MISSIONS:
        by_name[mission.slug] = mission.slug
        by_name[mission.name_th] = mission.slug
        by_name[mission.name_en.lower()] = mission.slug
    if name.lower() in by_name:
        return [by_name[name.lower()]]
    return (mission_candidates(name) or list(dict.fromkeys(by_name[m] for m in _closest(name.lower(), by_name, n=3))))[:2]


def mission_candidates(name: str) -> list[str]:
    """Slugs of the missions an everyday name means: a part of the Thai or English name
    ("ความยากจน" in การแก้ไขปัญหาความยากจน) or a word of the mission's own keywords (missions.toml)."""
    word = " ".join(name.split()).lower()
    if len(word) < 2:
        return []
    found = [m.slug for m in missions.MISSIONS if word in m.name_th.lower() or word in m.name_en.lower()]
    return found or [m.slug for m in missions.MISSIONS if m.hits(name)[0]]


def check_mission(slug: str) -> tuple[str, str] | None:
    """None when ``slug`` is a known mission slug, else a (Thai, English) message with suggestions."""
    if missions.mission_by_slug(slug) is not None:
        return None
    suggestions = suggest_mission(slug)
    known = ", ".join(m.slug for m in missions.MISSIONS)
    th = f'ไม่รู้จักภารกิจ "{slug}"'
    en = f'Unknown mission "{slug}"'
    if suggestions:
        th += f" — หมายถึง {_or_th(suggestions)} หรือไม่?"
        en += f" — did you mean {_or_en(suggestions)}?"
    else:
        th += f" (ใช้ได้: {known})"
        en += f" (known: {known})"
    return th, en


def _pelican_attributes() -> frozenset[str]:
    """Names of Pelican's article methods and properties (a field of that name would replace one)."""
    global _PELICAN_ATTRIBUTES
    if _PELICAN_ATTRIBUTES is None:
        try:
            from pelican.contents import Article
            names = {name.lower() for name in dir(Article) if not name.startswith("__")}
        except ImportError:  # the validator works without Pelican installed
            names = set()
        _PELICAN_ATTRIBUTES = frozenset(names - set(FIELDS))
    return _PELICAN_ATTRIBUTES


_PELICAN_ATTRIBUTES: frozenset[str] | None = None


def is_acting_field(key: str) -> bool:
    """Whether a (lower-case) field name would make Pelican do something rather than describe the article."""
    if key in FIELDS:
        return False
    return key in ACTING_FIELDS or bool(ACTING_PATTERN.fullmatch(key)) or key in _pelican_attributes()


def invisible_characters(value: str) -> list[tuple[int, str]]:
    """(position from 1, "U+200B ZERO WIDTH SPACE") for each invisible or bidi control character."""
    found = []
    for m in INVISIBLE_RE.finditer(value):
        char = m.group()
        found.append((m.start() + 1, f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"))
    return found


def check_header(header: Header, path: str, *, page: bool = False,
                 allow_fields: Iterable[str] = ()) -> list[Problem]:
    """The field-by-field checks on a parsed header: each rule of HEADER_RULES in turn. ``allow_fields``
    lists field names (any case) that may make Pelican act (Template, Save_as, URL, ...): a setting,
    off by default."""
    problems = list(header.problems)
    allowed = {name.lower() for name in allow_fields}

    def add(line: int, th: str, en: str, severity: str = ERROR) -> None:
        problems.append(Problem(path, line, th, en, severity))

    for rule in HEADER_RULES:
        rule(header, add, page, allowed)
    return sorted(problems, key=lambda p: p.line)


def _required_fields(header: Header, add, page: bool, allowed: set[str]) -> None:
    """Required fields present and not empty."""
    required = PAGE_REQUIRED if page else [key for key, f in FIELDS.items() if f.required]
    for key in required:
        spec = FIELDS[key]
        if key not in header.fields:
            # after a mistyped field line the rest of the header is unread: its fields are not "missing"
            if (header.fields or not header.problems) and not header.slip:
                add(header.body_line if header.fields else 1,
                    f"ไม่มีช่อง {spec.name} ({spec.th})", f"Missing field {spec.name} ({spec.en})")
        elif not header.value(key):
            add(header.line(key), f"ช่อง {spec.name} ({spec.th}) ว่างอยู่", f"Field {spec.name} ({spec.en}) is empty")


def _field_names(header: Header, add, page: bool, allowed: set[str]) -> None:
    """Invisible characters; fields that make Pelican act; unknown fields."""
    for key, written in header.names.items():
        value, line = header.fields[key]
        for position, name in invisible_characters(value)[:3]:
            add(line, f"ช่อง {written} มีอักขระที่มองไม่เห็นหรือสลับทิศทางข้อความ {name} ที่ตำแหน่ง {position} — ลบออก",
                f"Field {written} contains the invisible or direction-changing character {name} "
                f"at position {position} — remove it")
        if is_acting_field(key) and key not in allowed:
            add(line, f"ไม่อนุญาตช่อง {written}: ช่องนี้สั่งให้ Pelican เปลี่ยนแม่แบบ ชื่อไฟล์ หรือที่อยู่ของหน้า — ลบบรรทัดนี้ออก",
                f"Field {written} is not allowed: it makes Pelican change the page's template, file or URL "
                f"— remove this line (or list it in CDD_VALIDATE[\"allow_fields\"])")
        elif key not in FIELDS and key not in allowed:
            close = _closest(key, FIELDS, n=1)
            hint_th = f" — หมายถึง {FIELDS[close[0]].name} หรือไม่?" if close else ""
            hint_en = f" — did you mean {FIELDS[close[0]].name}?" if close else ""
            add(header.line(key), f"ไม่รู้จักช่อง {written}{hint_th}", f"Unknown field {written}{hint_en}", WARNING)


def _dates(header: Header, add, page: bool, allowed: set[str]) -> None:
    """Date, Modified and Published readable; Published consistent with Date."""
    read: dict[str, dt.date] = {}
    for key in ("date", "modified", "published"):
        if header.value(key):
            try:
                read[key] = dates.parse_date_value(header.value(key))
            except dates.ThaiDateError as exc:
                th, _, en = str(exc).partition(" / ")
                add(header.line(key), f"ช่อง {FIELDS[key].name}: {th}", f"Field {FIELDS[key].name}: {en or th}")
    for problem in published_problems(header.value("published"), read.get("published"), read.get("date"),
                                      header.value("datesource")):
        add(header.line("published"), *problem)


def _places_and_missions(header: Header, add, page: bool, allowed: set[str]) -> None:
    """Provinces and missions as the pages and the search facets read them."""
    if not page:
        # The very reading of the province and mission pages and the search facets: what they would
        # skip is an error here.
        at_provinces, at_missions = header.line("provinces"), header.line("missions")
        provinces.resolve_provinces(header.value("provinces"),
                                    on_unknown=lambda name: add(at_provinces, *check_province(name)))
        missions.resolve_missions(header.value("missions"),
                                  on_unknown=lambda slug: add(at_missions, *check_mission(slug)))


def _slug(header: Header, add, page: bool, allowed: set[str]) -> None:
    """A stable Slug, written in ASCII."""
    slug = header.value("slug")
    if not page and "slug" not in header.fields and header.fields:
        stable = stable_slug(header)
        if stable:
            add(header.body_line, f"ไม่มีช่อง Slug: ลิงก์ของข่าวจะเป็น {stable} — เพิ่มบรรทัด \"Slug: {stable}\" "
                f"ในส่วนหัวเพื่อให้ลิงก์คงเดิมแม้แก้หัวข้อข่าว",
                f"No Slug field: the article's URL will use {stable} — add \"Slug: {stable}\" to the header "
                f"so that the link stays the same when the headline is edited", WARNING)
    if "slug" in header.fields and not SLUG_RE.fullmatch(slug):
        add(header.line("slug"),
            f'Slug "{slug}" ต้องเป็นอักษรอังกฤษ ตัวเลข และขีด (-) เท่านั้น เช่น 2020-10-30-khon-kaen-46e72196',
            f'Slug "{slug}" must be ASCII letters, digits and hyphens, e.g. 2020-10-30-khon-kaen-46e72196')


def _status(header: Header, add, page: bool, allowed: set[str]) -> None:
    """Status from its list."""
    status = header.value("status")
    if status and status not in STATUSES and "status" not in allowed:
        add(header.line("status"), f'สถานะ "{status}" ใช้ไม่ได้ (ใช้ {", ".join(STATUSES)})',
            f'Unknown status "{status}" (use {", ".join(STATUSES)})')


def _date_source(header: Header, add, page: bool, allowed: set[str]) -> None:
    """DateSource from its list."""
    source = header.value("datesource")
    if "datesource" in header.fields and source not in DATE_SOURCES:
        add(header.line("datesource"), f'DateSource "{source}" ใช้ไม่ได้ (ใช้ {" หรือ ".join(DATE_SOURCES)})',
            f'Unknown DateSource "{source}" (use {" or ".join(DATE_SOURCES)})')


def _lang(header: Header, add, page: bool, allowed: set[str]) -> None:
    """Lang a language code."""
    lang = header.value("lang")
    if "lang" in header.fields and not LANG_RE.fullmatch(lang):
        add(header.line("lang"), f'Lang "{lang}" ต้องเป็นรหัสภาษา เช่น th', f'Lang "{lang}" must be a language code such as th')


# Applied in this order by check_header; each gets (header, add, page, allowed).
HEADER_RULES = (_required_fields, _field_names, _dates, _places_and_missions, _slug, _status, _date_source, _lang)


def published_problems(value: str, published: dt.date | None, event: dt.date | None,
                       source: str) -> list[tuple[str, str, str]]:
    """(th, en, severity) for a readable Published date: written other than Gregorian ISO (the page
    would not read it), before the event (news reports what happened: swapped?), or not Date although
    DateSource: published says Date is the publication day."""
    if published is None:
        return []
    iso = published.isoformat()
    if not PUBLISHED_RE.fullmatch(value) or value[:10] != iso:
        return [(f"ช่อง Published: เขียนวันที่เผยแพร่เป็น ค.ศ. แบบ ปปปป-ดด-วว — \"{value}\" คือ {iso}",
                 f"Field Published: write the publication date as a Gregorian ISO date — \"{value}\" is {iso}",
                 ERROR)]
    if event is None:
        return []
    if source == "published" and published != event:
        return [(f"DateSource: published แปลว่า Date คือวันที่เผยแพร่ แต่ Published ({iso}) ไม่ตรงกับ Date "
                 f"({event.isoformat()}) — แก้ให้ตรงกัน หรือลบ DateSource ถ้า Date คือวันที่จัดกิจกรรม",
                 f"DateSource: published says Date is the publication date, but Published ({iso}) is not Date "
                 f"({event.isoformat()}) — make them agree, or remove DateSource if Date is the event's day",
                 WARNING)]
    if published < event:
        return [(f"วันที่เผยแพร่ (Published {iso}) อยู่ก่อนวันที่จัดกิจกรรม (Date {event.isoformat()}) — "
                 f"ตรวจว่าไม่ได้สลับกัน (ข่าวมักเผยแพร่ในวันงานหรือหลังจากนั้น)",
                 f"The publication date (Published {iso}) is before the event date (Date {event.isoformat()}) "
                 f"— check they are not swapped (news is published on or after the day)", WARNING)]
    return []


def make_slug(date, first: provinces.Province, title: str) -> str:
    """ASCII and stable: 2020-10-30-khon-kaen-46e72196 (date, first province, a hash of the headline).
    scripts/new_article.py and the editor (plugins/cdd_admin/static/cdd-admin.js) make the same."""
    headline = " ".join(title.split())
    return f"{date.isoformat()}-{first.slug}-{hashlib.sha1(headline.encode('utf-8')).hexdigest()[:8]}"


def stable_slug(header: Header) -> str:
    """The slug make_slug gives a header without one ("" when its date, province or title is unusable)."""
    names = split_list(header.value("provinces"))
    first = provinces.province_by_name(names[0]) if names else None
    title = header.value("title")
    if first is None or not title.strip():
        return ""
    try:
        day = dates.parse_date_value(header.value("date"))
    except dates.ThaiDateError:
        return ""
    return make_slug(day, first, title)


# --- the body -----------------------------------------------------------------------------------

FENCE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
MD_LINK_RE = re.compile(r"\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))+)")  # [text](url and ![alt](url
MD_REF_RE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")  # [id]: url
# Pelican's internal references (INTRASITE_LINK_REGEX "[{|](?P<what>.*?)[|}]") to files it copies or links.
REFERENCE_RE = re.compile(r"[{|](filename|static|attach)[|}]([^\s)\"'<>\]]*)")


def _without_code(lines: list[str]) -> list[str]:
    """The body with fenced code blocks and code spans blanked (their text is shown, not run)."""
    out, fence = [], None
    for line in lines:
        m = FENCE_RE.match(line)
        if fence is not None:
            out.append("")
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        out.append(CODE_SPAN_RE.sub(lambda c: " " * len(c.group()), line))
    return out


def reference_targets(value: str, source: Path, root: Path) -> list[Path]:
    """The files an internal reference may name, the way Pelican looks them up: as written,
    percent-decoded and entity-decoded; "/x" from the content folder, "x" from the file's folder."""
    targets = []
    variants = (value, unquote(value), html.unescape(value))
    paths = [urlparse(v).path for v in variants] + [re.split(r"[?#]", v, maxsplit=1)[0] for v in variants]
    for path in dict.fromkeys(paths):
        if not path:
            continue
        base = os.path.join(str(root), path[1:]) if path.startswith("/") else os.path.join(str(source.parent), path)
        targets.append(Path(base))
    return targets


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symlinks followed, .. resolved) lies in the folder ``root``."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
        return True
    except ValueError:
        return False


def check_body(text: str, header: Header, path: str, *, source: Path | None = None,
               root: Path | None = None) -> list[Problem]:
    """The body's raw HTML (warnings: what the sanitiser will remove), links with a forbidden
    scheme (warnings: removed), and internal references that leave the content folder (errors)."""
    problems = []
    lines = source_lines(text)
    first = header.body_line  # 1-based number of the first body line
    body = _without_code(lines[first - 1:])

    def add(offset: int, th: str, en: str, severity: str) -> None:
        problems.append(Problem(path, first + offset, th, en, severity))

    for removed in safe_html.removed_markup("\n".join(body)):
        th, en = removed.describe()
        add(removed.line - 1, f"HTML: {th} จะถูกลบออกเมื่อสร้างเว็บ (ใช้รูปแบบ Markdown แทน)",
            f"HTML: {en} will be removed when the site is built (use Markdown instead)", WARNING)
    for offset, line in enumerate(body):
        urls = [m.group(1) for m in MD_LINK_RE.finditer(line)]
        ref = MD_REF_RE.match(line)
        if ref:
            urls.append(ref.group(1))
        for url in urls:
            if not safe_html.url_allowed(url):
                add(offset, f"ลิงก์ \"{url[:40]}\" จะถูกลบออก: ใช้ได้เฉพาะ http(s), mailto หรือลิงก์ภายในเว็บ",
                    f"Link \"{url[:40]}\" will be removed: only http(s), mailto and relative links are kept", WARNING)
        if source is None or root is None:
            continue
        for m in REFERENCE_RE.finditer(line):
            if any(not inside(target, root) for target in reference_targets(m.group(2), source, root)):
                add(offset, f"ลิงก์ {m.group()} ชี้ไปยังไฟล์นอกโฟลเดอร์ content — ใช้ได้เฉพาะไฟล์ในโฟลเดอร์ content",
                    f"Reference {m.group()} points outside the content folder — only files inside it may be linked",
                    ERROR)
    return problems


# --- photos (issue 14: an officer's figures) ----------------------------------------------------

MD_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^\s)>]+)")  # ![alt](src "title")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR_RE = re.compile(r"""\b(?P<name>src|alt)\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)'|(?P<bare>[^\s>]+))""", re.IGNORECASE)
IMAGES_URL = "/images/"  # content/images/ is published there (STATIC_PATHS)
_CHECKED: dict[tuple, str | None] = {}  # (file, size, mtime) -> None (a photo) or the reason it is not


def image_refs(lines: list[str]) -> Iterator[tuple[int, str, str | None]]:
    """(index of the line, src, alt or None when the tag has no alt) of every image in body lines."""
    for index, line in enumerate(lines):
        for m in MD_IMAGE_RE.finditer(line):
            yield index, m["src"], m["alt"]
        for tag in HTML_IMG_RE.finditer(line):
            attrs = {a["name"].lower(): html.unescape(a["q"] if a["q"] is not None else a["s"] if a["s"] is not None
                                                     else a["bare"]) for a in ATTR_RE.finditer(tag.group())}
            yield index, attrs.get("src", ""), attrs.get("alt")


def image_problem(src: str, root: Path, source: Path | None = None) -> tuple[str, str] | None:
    """Why the photo at ``src`` (as written in an article ``source``) cannot be published, or None: the
    file must be in the content folder ``root`` (content/images/), and be a real JPEG, PNG or WebP under
    the size limit (cdd_images.check)."""
    if re.match(r"(?i)https?://", src):
        return None  # another site's photo: not ours to check
    reference = REFERENCE_RE.match(src)
    if reference and source is not None:  # {static}/images/a.jpg, {attach}../images/a.jpg
        targets = reference_targets(reference.group(2), source, root)
        if not targets or any(not inside(t, root) for t in targets):
            return None  # check_body reports a reference that leaves the content folder
        file = targets[0]
    else:
        path = unquote(src.split("#")[0].split("?")[0])
        if not path.startswith(IMAGES_URL):
            return (f'ที่อยู่ภาพ "{src}" ต้องขึ้นต้นด้วย {IMAGES_URL} (ไฟล์อยู่ในโฟลเดอร์ content/images)',
                    f'The photo "{src}" must be given as {IMAGES_URL}NAME (a file in content/images)')
        file = Path(root) / path.lstrip("/")
        if not inside(file, root):
            return (f'ภาพ "{src}" อยู่นอกโฟลเดอร์ content', f'The photo "{src}" lies outside the content folder')
    shown = "content/" + Path(os.path.relpath(os.path.abspath(file), os.path.abspath(root))).as_posix()
    try:
        stat = file.stat()
    except OSError:
        return (f"ไม่พบไฟล์ภาพ {shown}", f"Photo file not found: {shown}")
    key = (os.path.realpath(file), stat.st_size, stat.st_mtime_ns)
    if key not in _CHECKED:
        from cdd_images.check import ImageRejected, check_image  # Pillow: only when there is a photo

        try:
            check_image(file.read_bytes())
            _CHECKED[key] = None
        except (ImageRejected, OSError) as exc:
            _CHECKED[key] = str(exc)
    reason = _CHECKED[key]
    if reason is None:
        return None
    th, _, en = reason.partition(" / ")
    return f"ภาพ {shown}: {th}", f"Photo {shown}: {en or th}"


def check_images(text: str, header: Header, path: str, root: Path, source: Path | None = None) -> list[Problem]:
    """Each photo of an article (the Image field, ![alt](src) and <img> in the body): the file exists,
    is a publishable photo, and (in the body) has alt text for readers who cannot see it."""
    problems = []
    if header.value("image"):
        problem = image_problem(header.value("image"), root, source)
        if problem:
            problems.append(Problem(path, header.line("image"), *problem))
    first = header.body_line
    body = _without_code(source_lines(text)[first - 1:])
    for index, src, alt in image_refs(body):
        problem = image_problem(src, root, source)
        if problem:
            problems.append(Problem(path, first + index, *problem))
        if not (alt or "").strip():
            problems.append(Problem(
                path, first + index,
                f'ภาพ "{src}" ไม่มีคำบรรยายภาพ (alt) — เขียนสั้น ๆ ว่าในภาพมีอะไร เช่น ![นายอำเภอมอบเงินทุนแก่กลุ่มสตรี]({src})',
                f'The photo "{src}" has no alt text — say briefly what it shows, e.g. ![officials hand over the fund]({src})'))
    return problems


MARKDOWN_SUFFIXES = (".md",)
STATIC_FOLDERS = ("images",)  # content/images: photos, not articles


def stray_files(folder: Path, display=str) -> list[Problem]:
    """Files in a content folder that are neither Markdown articles nor photos: the build skips them
    without a word (an article saved as .txt or .docx), so they are reported."""
    problems = []
    folder = Path(folder)
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if (not path.is_file() or path.suffix.lower() in MARKDOWN_SUFFIXES
                or any(part.startswith(".") for part in relative)
                or any(part in STATIC_FOLDERS for part in relative[:-1])):
            continue
        target = path.with_suffix(".md").name
        problems.append(Problem(
            display(path), 1,
            f"ไฟล์ {path.suffix or '(ไม่มีนามสกุล)'} ไม่ถูกอ่าน: ระบบอ่านเฉพาะไฟล์ .md จึงไม่ตรวจและไม่ขึ้นเว็บ — "
            f"ถ้าเป็นข่าว เปลี่ยนชื่อเป็น {target} (บันทึกเป็นข้อความ UTF-8)",
            f"Not read: only .md files are articles, so this {path.suffix or 'extension-less'} file is neither "
            f"checked nor published — if it is an article, rename it {target} (UTF-8 text)"))
    return problems


class SourceError(ValueError):
    """A file that cannot be read as text: (Thai, English)."""

    def __init__(self, th: str, en: str):
        super().__init__(f"{th} / {en}")
        self.th, self.en = th, en


def decode_source(data: bytes) -> str:
    """A Markdown file's text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; else SourceError."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(f"อ่านไฟล์ไม่ได้: มี BOM ของ {codec.upper()} แต่ข้อความเสีย ({exc.reason})",
                                  f"Cannot read the file: it has a {codec.upper()} BOM but is damaged ({exc.reason})") from None
    if b"\x00" in data:
        raise SourceError("ไฟล์นี้ไม่ใช่ข้อความ (ไฟล์ไบนารี) — บันทึกเป็นข้อความ UTF-8",
                          "The file is binary, not text — save it as UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SourceError(f"ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8 (ไบต์ 0x{data[exc.start]:02x} ที่บรรทัด {line}) — บันทึกใหม่เป็น UTF-8",
                          f"The file is not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}) — save it again as UTF-8") from None


def check_location(path: Path, root: Path, shown: str) -> list[Problem]:
    """A Markdown file that is a link to a file outside the content folder is refused (not read)."""
    if inside(path, root):
        return []
    target = os.path.realpath(path)
    return [Problem(shown, 1, f"ไฟล์นี้เป็นลิงก์ (symlink) ไปยัง {target} นอกโฟลเดอร์ content — ไม่อ่านและไม่เผยแพร่",
                    f"This file is a link (symlink) to {target}, outside the content folder — not read, not published")]


def check_text(text: str, path: str = "", *, page: bool = False, source: Path | None = None,
               root: Path | None = None, allow_fields: Iterable[str] = ()) -> list[Problem]:
    """Every problem of one file's text (not the cross-file ones), errors and warnings. With ``source``
    (the file) and ``root`` (the content folder), internal references are checked too."""
    header = parse_header(text, path)
    problems = check_header(header, path, page=page, allow_fields=allow_fields)
    if header.fields:
        problems += check_body(text, header, path, source=source, root=root)
    return sorted(problems, key=lambda p: p.line)


def is_page(path: Path, root: Path | None = None, page_dirs: Iterable[str] = ("pages",)) -> bool:
    """Whether a file under ``root`` is a static page (about, contact) rather than an article."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts if root else path.parts
    except ValueError:
        parts = path.parts
    return any(part in page_dirs for part in parts[:-1])


def iter_markdown(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(file, the root it was found under) for every Markdown file of the given files and folders."""
    for root in paths:
        root = Path(root)
        if root.is_dir():
            for path in sorted(root.rglob("*.md")):
                yield path, root
        else:
            yield root, root.parent


def precedence(path: Path) -> tuple[float, str]:
    """Which file keeps a slug two files share: the older one (so a copied file is the one flagged)."""
    try:
        return (path.stat().st_mtime, str(path))
    except OSError:
        return (float("inf"), str(path))


def duplicate_slugs(slugs: Iterable[tuple[str, str, int]]) -> list[Problem]:
    """Problems for every (path, slug, line) whose slug an earlier item already uses."""
    seen: dict[str, tuple[str, int]] = {}
    problems = []
    for path, slug, line in slugs:
        if not slug:
            continue
        if slug in seen:
            first_path, first_line = seen[slug]
            problems.append(Problem(path, line, *duplicate_message(slug, f"{first_path}:{first_line}")))
        else:
            seen[slug] = (path, line)
    return problems


def duplicate_message(slug: str, first: str) -> tuple[str, str]:
    return (f'Slug "{slug}" ซ้ำกับ {first} — แต่ละข่าวต้องมี Slug ไม่ซ้ำกัน',
            f'Slug "{slug}" is already used by {first} — every article needs its own slug')


def content_root(path: Path, given: Path) -> Path:
    """The content folder of a file: the nearest folder named "content" above it, else ``given``."""
    for parent in Path(os.path.abspath(path)).parents:
        if parent.name == "content":
            return parent
    return Path(os.path.abspath(given))


def check_files(paths: Iterable[Path], *, display=str, page_dirs: Iterable[str] = ("pages",),
                allow_fields: Iterable[str] = (), content: Path | None = None) -> list[Problem]:
    """Check every Markdown file under ``paths``, including that slugs are unique across them
    (the oldest file keeps a shared slug; the others are errors), their photos, and that the folders
    hold no file the build would skip without a word (.txt). ``content``: the content folder (photos
    are content/images/...), found from each file's path when not given."""
    paths = [Path(p) for p in paths]
    problems: list[Problem] = []
    for folder in paths:
        if folder.is_dir():
            problems += stray_files(folder, display)
    slugs = []
    for path, root in iter_markdown(paths):
        shown = display(path)
        folder = Path(content) if content is not None else content_root(path, root)
        located = check_location(path, folder, shown)
        if located:
            problems += located
            continue
        try:
            text = decode_source(path.read_bytes())
        except SourceError as exc:
            problems.append(Problem(shown, 1, exc.th, exc.en))
            continue
        except OSError as exc:
            problems.append(Problem(shown, 1, f"อ่านไฟล์ไม่ได้ ({exc.strerror})", f"Cannot read the file ({exc.strerror})"))
            continue
        header = parse_header(text, shown)
        problems += check_header(header, shown, page=is_page(path, root, page_dirs), allow_fields=allow_fields)
        if header.fields:
            problems += check_body(text, header, shown, source=path, root=folder)
            problems += check_images(text, header, shown, folder, path)
        slugs.append((precedence(path), shown, header.value("slug"), header.line("slug")))
    slugs.sort()
    return problems + duplicate_slugs((shown, slug, line) for _, shown, slug, line in slugs)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]
