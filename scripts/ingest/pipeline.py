"""One raw press release -> one Markdown article with Pelican front matter (or a quarantined input).

All judgement (event date, provinces, missions, people, tags) is made here, once, with cdd_thai;
Pelican only formats what this writes.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cdd_thai import dates, missions, people, provinces, tags, validation
from cdd_thai.dates import ThaiDateError

from .clean import InputError, RawArticle, decode, html_to_text, parse_raw, read_sidecar

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

    def as_json(self) -> dict:
        return {"input": self.input, "output": self.output, "status": self.status, "error": self.error,
                "title": self.title, "date": self.date, "provinces": self.provinces,
                "missions": self.missions, "people": self.people, "tags": self.tags}


@dataclass
class Article:
    meta: dict[str, str]
    body: str
    fingerprint: str  # identical for the same press release reposted with different noise

    @property
    def relpath(self) -> str:
        return f"{self.meta['Date'][:4]}/{self.meta['Slug']}.md"


def _plain(value: str) -> str:
    """A front-matter value: one line, no markup (metadata is never HTML)."""
    value = re.sub(r"[<>]", " ", value)
    return re.sub(r"\s+", " ", value).strip()


def body_fingerprint(lines: list[str]) -> str:
    text = re.sub(r"[\W_]+", "", "".join(lines))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def markdown_body(lines: list[str]) -> str:
    """Paragraph lines -> Markdown, with HTML and Markdown syntax in the text made inert."""
    out = []
    for line in lines:
        line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        line = re.sub(r"^([#>*+=`|])", r"\\\1", line)
        line = re.sub(r"^[–—-]\s*(?=\S)", "- ", line)  # a leading dash is a bullet
        out.append(line)
    # Consecutive list items stay one list; everything else is its own paragraph.
    chunks: list[str] = []
    for line in out:
        if chunks and line.startswith("- ") and chunks[-1].split("\n")[-1].startswith("- "):
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return "\n\n".join(chunks) + "\n"


def summary_of(lines: list[str], limit: int = 220) -> str:
    text = " ".join(lines[:2])
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 80 else limit].rstrip(" ,") + " …"


class ArticleError(InputError):
    """An article that cannot be published as is; `fields` keeps what could be read, for the report."""

    def __init__(self, message: str, fields: dict):
        super().__init__(message)
        self.fields = fields


def build_article(raw: RawArticle, *, source: str) -> Article:
    """Decide date, places, missions, people and tags; raise ArticleError when a field cannot be had."""
    if not raw.body_lines:
        raise InputError("ไม่พบเนื้อข่าว / No article text found")
    title = provinces.correct_province_spelling(_plain(raw.title))
    body_text = "\n".join(raw.body_lines)
    full_text = "\n".join(raw.header_lines + [title] + raw.body_lines)
    body_start = len("\n".join(raw.header_lines + [title]))
    problems = []
    event = None
    published = None
    if raw.published:
        try:
            published = dates.parse_date_value(raw.published)
        except ThaiDateError:
            published = None
    try:
        event = dates.find_event_date(full_text, body_start=body_start, published=published)
    except ThaiDateError as exc:
        problems.append(f"วันที่ในข่าวใช้ไม่ได้ / Unusable event date — {exc}")
    if event is None and raw.published and not problems:
        try:
            event = dates.parse_date_value(raw.published)
        except ThaiDateError:
            event = None
    if event is None and not problems:
        problems.append("ไม่พบวันที่จัดกิจกรรม / No event date in the text")
    place = provinces.find_event_provinces(title, body_text)
    if not place:
        problems.append("ไม่พบจังหวัดที่จัดกิจกรรม / No province found for the event")
    mission_slugs = missions.classify_missions(title, body_text)
    officials = people.extract_people(title + "\n" + body_text)
    keywords = tags.extract_tags(title, body_text)
    if problems:
        raise ArticleError("; ".join(problems), {
            "title": title, "date": event.isoformat() if event else None, "provinces": place,
            "missions": mission_slugs, "people": officials, "tags": keywords})
    fingerprint = body_fingerprint(raw.body_lines)
    province = provinces.province_by_name(place[0])
    # A post scraped from a URL keeps its slug when the site edits its text (the URL is its identity);
    # a file without one is known by its text.
    identity = hashlib.sha1(source.encode("utf-8")).hexdigest() if is_url(source) else fingerprint
    slug = f"{event.isoformat()}-{province.slug}-{identity[:8]}"
    meta = {
        "Title": title,
        "Date": event.isoformat(),
        "Provinces": ", ".join(place),
        "Missions": ", ".join(mission_slugs),
        "Tags": ", ".join(_plain(t).replace(",", " ") for t in keywords),
        "People": ", ".join(officials),
        "Author": _plain(raw.author),
        "Source": _plain(source),
        "Summary": _plain(summary_of(raw.body_lines)),
        "Slug": slug,
        "Lang": "th",
    }
    return Article(meta=meta, body=markdown_body(raw.body_lines), fingerprint=fingerprint)


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
    """Pelican's native Markdown header (Key: value), then a blank line, then the body."""
    return validation.render_article(article.meta, article.body)


def read_raw(path: Path) -> tuple[RawArticle, str]:
    """A raw file -> its parsed text and its source (URL from the scraper's metadata, else file name)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"ไฟล์ใหญ่เกินไป ({size:,} ไบต์) / File too large for a press release ({size:,} bytes)")
    text = decode(path.read_bytes(), path.name)
    sidecar = read_sidecar(path)
    source = str(sidecar.get("url") or path.name)
    if path.suffix.lower() in (".html", ".htm") or re.match(r"\s*<(?:!doctype|html)", text[:200], re.I):
        html_title, text, published = html_to_text(text)
        raw = parse_raw(text, html_title=str(sidecar.get("title") or html_title))
        raw.published = raw.published or str(sidecar.get("published") or published or "")[:10]
    else:
        raw = parse_raw(text)
    return raw, source


def atomic_write(path: Path, data: str) -> None:
    """Write through a temporary file and rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def quarantine(path: Path, reason: str, folder: Path) -> Path:
    """Copy the input untouched into the quarantine folder, with a reason file beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    target = folder / f"{path.stem}-{digest}{path.suffix}"
    shutil.copy2(path, target)
    atomic_write(target.with_name(target.name + ".reason.txt"), f"{path}\n{reason}\n")
    return target


def iter_inputs(paths: list[Path]) -> list[Path]:
    """Files named, and the raw files inside folders named, in a stable order."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                            and not p.name.startswith("."))
        else:
            found.append(path)
    return found
