"""One raw press release -> one Markdown article with Pelican front matter (or a quarantined input).

All judgement (event date, provinces, missions, people, tags) is made here, once, with cdd_thai;
Pelican only formats what this writes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cdd_thai import dates, missions, people, provinces, tags, validation
from cdd_thai.dates import ThaiDateError
from cdd_thai.text import atomic_write

from .figures import copy_into, resolve, split_tokens, without_captions
from .clean import InputError, RawArticle, decode, parse_raw, read_post_page, read_sidecar, strip_invisible

MAX_BYTES = 1_000_000  # a press release is a few KB; megabytes are a wrong file, not news
TEXT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class Result:
    """What happened to one input; as_json() is the --json record."""

    input: str
    output: str | None = None
    status: str = "ok"  # ok | quarantined
    error: str | None = None
    title: str | None = None
    date: str | None = None
    provinces: list[str] = field(default_factory=list)
    missions: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    replaced: str | None = None  # an earlier article of the same source URL, now superseded
    date_source: str | None = None  # "text" (the event date) or "published" (the post's date, a fallback)
    review: str | None = None  # the review-inbox item of this input (held, or published on a guess)
    guesses: list[str] = field(default_factory=list)  # why a published article waits for a check

    def as_json(self) -> dict:
        return {"input": self.input, "output": self.output, "status": self.status, "error": self.error,
                "title": self.title, "date": self.date, "provinces": self.provinces,
                "missions": self.missions, "people": self.people, "tags": self.tags,
                "date_source": self.date_source, "duplicate_of": self.duplicate_of, "review": self.review,
                "guesses": self.guesses}


@dataclass
class Guess:
    """A field the normaliser filled in by a fallback: the article is published and listed for review."""

    field: str  # date | province | mission
    th: str
    en: str

    def __str__(self) -> str:
        return f"{self.th} / {self.en}"


@dataclass
class Overrides:
    """Fields a reviewer supplied (scripts/review.py release); they win over what the text says."""

    date: dt.date | None = None
    provinces: list[str] = field(default_factory=list)
    missions: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"date": self.date.isoformat() if self.date else None, "provinces": self.provinces,
                "missions": self.missions}

    @classmethod
    def from_json(cls, data: dict) -> "Overrides":
        return cls(date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
                   provinces=list(data.get("provinces") or []), missions=list(data.get("missions") or []))


@dataclass
class Article:
    meta: dict[str, str]
    body: str
    fingerprint: str  # identical for the same press release reposted with different noise
    guesses: list[Guess] = field(default_factory=list)
    figures: list = field(default_factory=list)  # photos to copy into content/images/

    @property
    def relpath(self) -> str:
        return f"{self.meta['Date'][:4]}/{self.meta['Slug']}.md"


def _plain(value: str) -> str:
    """A front-matter value: one line, no markup, no control or invisible characters (a newline in a
    scraped headline must never start a header field of its own)."""
    value = strip_invisible(value).replace("<", " ").replace(">", " ")
    return " ".join(value.split())  # runs of whitespace (str.isspace, as the regex \s) folded, ends trimmed


_NOT_ALNUM = re.compile(r"[\W_]+")


def body_fingerprint(lines: list[str]) -> str:
    text = _NOT_ALNUM.sub("", "".join(lines))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# Markdown (Python-Markdown with Pelican's "extra") reads these anywhere in a line: escapes, code spans,
# emphasis, links and images, footnotes and abbreviations ([...]), attribute lists and Pelican's
# {attach}/{static}/{filename} targets ({...}), table cells (|). Each is backslash-escaped, which
# Markdown shows as the character itself. HTML (tags, autolinks <http:...>, entities) becomes entities.
_INLINE = re.compile(r"[\\`*_{}\[\]|&<>]")
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# At the start of a line they change the structure: headings (#), lists (+ - 1.), rules and setext
# underlines (- =), definition lists (:), fenced code (~). '=', ':' and '~' have no backslash escape in
# Markdown, so they become character references; the others take a backslash.
_LINE_START = re.compile(r"^(?:([#+-])|(\d+)([.)])|([=:~]))")


def _escape_char(m: re.Match) -> str:
    return _ENTITY.get(m.group(0)) or "\\" + m.group(0)


def _escape_start(m: re.Match) -> str:
    if m.group(1):
        return "\\" + m.group(1)
    if m.group(2):
        return m.group(2) + "\\" + m.group(3)
    return f"&#{ord(m.group(4))};"


def escape_inline(text: str) -> str:
    """Text -> Markdown that renders as exactly this text, with no markup, link or Pelican reference."""
    return _INLINE.sub(_escape_char, text) if _INLINE.search(text) else text


def escape_line(line: str) -> str:
    """One paragraph line -> Markdown that is one paragraph showing exactly this text."""
    line = escape_inline(line.lstrip())  # leading spaces would make a code block
    return _LINE_START.sub(_escape_start, line, count=1) if _LINE_START.match(line) else line


_BREAK = re.compile(r"[\n\t\v\f]")
_BULLET = re.compile(r"[–—-]\s*(?=[^\s–—-])")


def markdown_body(lines: list[str], figures: list | None = None) -> str:
    """Paragraph lines -> Markdown, with HTML and Markdown syntax in the text made inert; ``figures``
    (ingest.figures.Figure) are put in reading order, written by code."""
    out = []
    for line in lines:
        # Leading spaces would make a code block, inner newlines new blocks: one line, trimmed.
        line = strip_invisible(line)
        if _BREAK.search(line):
            line = _BREAK.sub(" ", line)
        line = line.strip()
        if not line:
            continue
        bullet = _BULLET.match(line)  # a leading dash is a bullet (a rule of dashes is not)
        out.append("- " + escape_line(line[bullet.end():]) if bullet else escape_line(line))
    # Consecutive list items stay one list; everything else is its own paragraph.
    chunks: list[str] = []
    for line in out:
        if chunks and line.startswith("- ") and chunks[-1].split("\n")[-1].startswith("- "):
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    if figures:
        from .figures import line_key, place

        chunks = place([(chunk, line_key(chunk.split("\n")[0])) for chunk in chunks], figures)
    return "\n\n".join(chunks) + "\n"


def summary_of(lines: list[str], limit: int = 220) -> str:
    text = " ".join(lines[:2])
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 80 else limit].rstrip(" ,") + " …"


class ArticleError(InputError):
    """An article that cannot be published as is; `fields` keeps what could be read, for the report."""

    def __init__(self, message: str, fields: dict, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.fields = fields
        self.missing = missing  # date | province: what a reviewer must supply to release it


# Department news: a text naming the department, its offices, officials or programmes. Such a text that
# names no venue is the central office's (national or department-level news); any other text without a
# place is not a press release of ours and is held.
CDD_NEWS = re.compile(r"กรมการพัฒนาชุมชน|พัฒนาชุมชน|พัฒนาการ(?:จังหวัด|อำเภอ)|(?:พช|สพจ|สพอ|ศพช)\.|อธิบดี|"
                      r"OTOP|โอท็?อป|โคก\s?หนอง\s?นา|กองทุนพัฒนาบทบาทสตรี|จปฐ|กชช|สัมมาชีพ|กข\.?คจ", re.IGNORECASE)
URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")


def published_date(raw: RawArticle, sidecar: dict, source: str) -> tuple[dt.date | None, str]:
    """The post's own publication date and where it was read: the scraper's metadata (``published``,
    a WordPress ``date``), the page's markup, or /YYYY/MM/DD/ in its URL. (None, "") when none is usable."""
    candidates = [(sidecar.get("published"), "metadata"), (sidecar.get("date"), "metadata"),
                  (raw.published, "page")]
    url = str(sidecar.get("url") or source)
    m = URL_DATE.search(url)
    if m:
        candidates.append(("-".join(m.groups()), "url"))
    for value, where in candidates:
        if not value or not isinstance(value, str):
            continue
        try:
            return dates.parse_date_value(value.strip()[:10]), where
        except ThaiDateError:
            continue
    return None, ""


def build_article(raw: RawArticle, *, source: str, overrides: Overrides | None = None,
                  published: dt.date | None = None) -> Article:
    """Decide date, places, missions, people and tags; raise ArticleError when a field cannot be had.

    ``published`` (the post's own date) dates a text that gives no usable event date; the article then
    says so (DateSource: published) and waits in the review inbox, like ส่วนกลาง chosen because a
    department text names no place, and an article without a mission. ``overrides`` are a reviewer's."""
    overrides = overrides or Overrides()
    if not raw.body_lines:
        raise InputError("ไม่พบเนื้อข่าว / No article text found")
    title = provinces.correct_province_spelling(_plain(raw.title))
    body_text = "\n".join(raw.body_lines)
    full_text = "\n".join(raw.header_lines + [title] + raw.body_lines)
    body_start = len("\n".join(raw.header_lines + [title]))
    problems, missing, guesses = [], [], []
    event = None
    date_source = "text"
    # The scrape's metadata first, then the page's own date line above the headline (a date there is
    # the post's, not the event's: find_event_date reads the body only).
    for shown in (raw.published, raw.page_date) if published is None else ():
        try:
            published = dates.parse_date_value(shown) if shown else None
        except ThaiDateError:
            published = None
        if published:
            break
    text_problem = None
    if overrides.date:
        event = overrides.date
    else:
        try:
            event = dates.find_event_date(full_text, body_start=body_start, published=published)
        except ThaiDateError as exc:
            text_problem = f"วันที่ในข่าวใช้ไม่ได้ / Unusable event date — {exc}"
        if event is None and published is not None:
            event, date_source = published, "published"
            guesses.append(Guess("date", "ใช้วันที่เผยแพร่แทนวันที่จัดกิจกรรม"
                                 + (f" ({text_problem.split(' / ')[0]})" if text_problem else " (ข่าวไม่บอกวันที่)"),
                                 "the post's publication date stands for the event date"
                                 + (f" ({text_problem.split(' / ')[1]})" if text_problem else
                                    " (the text gives no day)")))
        elif text_problem:
            problems.append(text_problem)
            missing.append("date")
        elif event is None:
            problems.append("ไม่พบวันที่จัดกิจกรรม / No event date in the text")
            missing.append("date")
    place = list(overrides.provinces) or provinces.find_event_provinces(title, body_text)
    if not place:
        # Only to publish a dated release: an input held anyway reports the province as not found.
        if not problems and CDD_NEWS.search(title + "\n" + body_text):
            place = [provinces.CENTRAL_NAME]
            guesses.append(Guess("province", "ข่าวของกรมฯ ที่ไม่ระบุจังหวัด จัดเป็นส่วนกลาง",
                                 "department news that names no province: ส่วนกลาง (central office)"))
        else:
            problems.append("ไม่พบจังหวัดที่จัดกิจกรรม / No province found for the event")
            missing.append("province")
    mission_slugs = list(overrides.missions) or missions.classify_missions(title, body_text)
    if not mission_slugs and not overrides.missions:
        guesses.append(Guess("mission", "ไม่พบภารกิจที่ตรงกับข่าว", "no mission found for the article"))
    officials = people.extract_people(title + "\n" + body_text)
    keywords = tags.extract_tags(title, body_text)
    if problems:
        raise ArticleError("; ".join(problems), {
            "title": title, "date": event.isoformat() if event else None, "provinces": place,
            "missions": mission_slugs, "people": officials, "tags": keywords}, tuple(missing))
    fingerprint = body_fingerprint(raw.body_lines)
    province = provinces.province_by_name(place[0])
    # A post scraped from a URL keeps its slug when the site edits its text (the URL is its identity);
    # a file without one is known by its text.
    identity = hashlib.sha1(source.encode("utf-8")).hexdigest() if is_url(source) else fingerprint
    slug = f"{event.isoformat()}-{province.slug}-{identity[:8]}"
    meta = {
        "Title": title,
        "Date": event.isoformat(),
        # Absent means the event date read from the text (or given by a reviewer); "published" means
        # the post's publication date stands in for it, and the page says "วันที่เผยแพร่".
        "DateSource": "published" if date_source == "published" else "",
        # The post's own day, whenever known: the page shows it beside the event's (วันที่เผยแพร่).
        "Published": published.isoformat() if published else raw.page_date,
        "Provinces": ", ".join(place),
        "Missions": ", ".join(mission_slugs),
        "Tags": ", ".join(_plain(t).replace(",", " ") for t in keywords),
        "People": ", ".join(_plain(p).replace(",", " ") for p in officials),
        "Author": _plain(raw.author),
        "Source": _plain(source),
        # Pelican renders Summary as Markdown (FORMATTED_FIELDS): escaped like the body.
        "Summary": escape_line(_plain(summary_of(raw.body_lines))),
        "Slug": slug,
        "Lang": "th",
    }
    if raw.figures:
        meta["Image"] = raw.figures[0].url  # the lead photo
    return Article(meta=meta, body=markdown_body(raw.body_lines, raw.figures), fingerprint=fingerprint,
                   guesses=guesses, figures=list(raw.figures))


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def sources_in(folder: Path) -> dict[str, Path]:
    """Source URL -> article file, for the articles already in an output folder (their headers only)."""
    found = {}
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    break  # end of the header
                if line.startswith("Source: "):
                    source = line[len("Source: "):].strip()
                    if is_url(source):
                        found[source] = path
                    break
    return found


def render(article: Article) -> str:
    """Pelican's native Markdown header (Key: value, in the order of validation.FIELDS), then a blank
    line, then the body."""
    return validation.render_article(article.meta, article.body)


def read_raw(path: Path, *, source: str | None = None) -> tuple[RawArticle, str, dt.date | None]:
    """A raw file -> its parsed text, its source (URL from the scraper's metadata, else file name) and
    the post's publication date when one is known. ``source`` names a held copy's original."""
    if path.is_symlink():
        raise InputError(f"ลิงก์สัญลักษณ์ (symlink) ไปยัง {os.readlink(path)} ไม่อ่าน / "
                         f"A symbolic link (to {os.readlink(path)}) is not read")
    if not path.is_file():
        raise InputError("ไม่ใช่ไฟล์ธรรมดา / Not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"ไฟล์ใหญ่เกินไป ({size:,} ไบต์) / File too large for a press release ({size:,} bytes)")
    text = decode(path.read_bytes(), path.name)
    sidecar = read_sidecar(path)
    source = source or strip_invisible(str(sidecar.get("url") or path.name))
    if path.suffix.lower() in (".html", ".htm") or re.match(r"\s*<(?:!doctype|html)", text[:200], re.I):
        refs: list[dict] = []
        html_title, text, published = read_post_page(text, refs, source if is_url(source) else "")
        text, placed = split_tokens(text)
        raw = parse_raw(text, html_title=str(sidecar.get("title") or html_title))
        raw.published = raw.published or published
        if placed:
            raw.figures = resolve(refs, placed, path.parent / "images")
            raw.body_lines = without_captions(raw.body_lines, raw.figures)
    else:
        raw = parse_raw(text)
    date, _where = published_date(raw, sidecar, source)
    return raw, source, date


def write_article(article: Article, out_dir: Path, previous: dict[str, Path], *,
                  replaces: Path | None = None, images_dir: Path | None = None) -> tuple[Path, Path | None]:
    """Write (or leave unchanged) the article's file; the earlier file of the same source URL (or the
    one named by ``replaces``, inside ``out_dir``) goes when the article moved. -> (file, removed file).
    Its photos are copied first into ``images_dir`` (default: images/ beside out_dir, content/images)."""
    if article.figures:
        copy_into(article.figures, images_dir or Path(out_dir).parent / "images")
    target = out_dir / article.relpath
    data = render(article)
    if not target.exists() or target.read_text(encoding="utf-8") != data:
        # No fsync (3-4 ms an article, a third of the normaliser's time): a file torn by a power cut
        # differs from what the next run renders, which then writes it again.
        atomic_write(target, data, durable=False)
    # The site edited its post so that the event date or province moved, or a reviewer corrected a
    # field: the new file supersedes the old one (written first, so the article is never missing).
    old = previous.get(article.meta["Source"])
    if old is None and replaces is not None:
        inside = Path(os.path.abspath(replaces)).parent
        if replaces.suffix == ".md" and Path(os.path.abspath(out_dir)) in (inside, *inside.parents):
            old = replaces
    if old is not None and old != target and old.exists() and not old.is_symlink():
        old.unlink()
        return target, old
    return target, None


def iter_inputs(paths: list[Path], *, exclude: Path | None = None) -> list[Path]:
    """Files named, and the raw files inside folders named, in a stable order (not the review inbox's
    held copies, nor links to folders: rglob does not follow them)."""
    found = []
    skip = Path(os.path.abspath(exclude)) if exclude else None
    for path in paths:
        if path.is_dir():
            root = Path(os.path.abspath(path))
            inside = skip is not None and (skip == root or root in skip.parents)  # the inbox is under this folder
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES
                            and not p.name.startswith(".") and (p.is_file() or p.is_symlink())
                            and not (inside and skip in Path(os.path.abspath(p)).parents))
        else:
            found.append(path)
    return found
