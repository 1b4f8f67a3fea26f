"""Raw scrape -> clean lines: HTML to text, noise removed, headline and byline found.

Raw press releases come as plain-text scrapes or WordPress post pages. Both are untrusted: HTML is
reduced to text here (scripts, styles and event handlers never survive), and the text keeps only
the article, with view counters, print links, category headers and portal chrome dropped.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup

from cdd_thai.dates import (EN_DATE_RE, THAI_DATE_RE, WEEKDAYS, ThaiDateError, has_latin, parse_date_value,
                            thai_digits_to_arabic)
from cdd_thai.people import PERSON_RE, POSITIONS
from cdd_thai.provinces import province_by_name
from cdd_thai.text import compose_thai

# Whole lines that are never article text.
NOISE_LINE = re.compile(
    r"^(?:\(?Visited \d+ times?.*\)?|อ่าน\s*:?\s*\d+.*|พิมพ์|print|breaking|(?:home|post)\s+(?:top|bottom)\s+ad"
    r"|ข่าวประชาสัมพันธ์|ข่าวในพระราชสำนัก|ข่าวกิจกรรม|ข่าวเด่น|ข่าวทั่วไป|ข่าวภูมิภาค|หมวดหมู่\s*:.*|โดย\s*:.*|share|แชร์"
    r"|\d+(?:st|nd|rd|th)[A-Za-z]+|เข้าชม\s*\d+.*|views?\s*:?\s*\d+|tags?\s*:.*|แท็ก\s*:.*"
    # posting lines of government CMS pages: "เผยแพร่เมื่อ : 21 ส.ค. 2566 | ผู้ชม 45 ครั้ง"
    r"|(?:เผยแพร่|โพสต์|ประกาศ|อัปเดต|ปรับปรุง)(?:เมื่อ|ล่าสุด)?\s*:?\s*\d.*|ผู้ชม\s*:?\s*\d+.*"
    # view counters of portals and CMS pages: "มีผู้อ่านข่าวนี้แล้ว 87 ครั้ง", "จำนวนผู้เข้าชม 120", "View icon 245"
    r"|(?:มีผู้อ่าน\S*|จำนวนผู้(?:เข้าชม|อ่าน)|ผู้อ่าน|views?\s*icon)\s*:?\s*[\d,]+\s*(?:ครั้ง|คน)?)$",
    re.IGNORECASE,
)
HEADLINE_LABEL = re.compile(r"^(?:หัวข้อ(?:ข่าว)?|ชื่อเรื่อง|เรื่อง)\s*:\s*(.+)$")
META_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
BYLINE = re.compile(
    r"^(?P<who>[^:]{2,60}?)\s*:\s*(?:ข่าว|ภาพ|ภาพ/ข่าว|ข่าว/ภาพ|ข่าว\s*/\s*ภาพ|เรียบเรียง|รายงาน)$"
    r"|^(?P<who2>(?:สถานีข่าว|ข่าว|ภาพ/ข่าว|ข่าว/ภาพ)\s?.{2,40}?)\s*รายงาน$"
)
DATE_START = re.compile(
    r"^(?:วันนี้\s*\(|เมื่อ|วันที่|วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์)|\d{1,2}\s)"
)
SUBJECT_START = re.compile(r"^(?:กรม|สำนักงาน|นาย|นาง|จังหวัด|ศูนย์|ผู้ว่า|อธิบดี|พัฒนาการ)")
MAX_TITLE = 300
MAX_REPEATED_TITLE = 600
# A site name or a breadcrumb above the headline ("สำนักงานพัฒนาชุมชนจังหวัดน่าน", "หน้าแรก » ข่าว").
# An organisation's name as a site name ("สำนักงานพัฒนาชุมชนจังหวัดพะเยา", "กรมการพัฒนาชุมชน กระทรวงมหาดไทย").
ORG_NAME = (r"(?:(?:สำนักงานพัฒนาชุมชน(?:จังหวัด|อำเภอ)|ศูนย์ศึกษาและพัฒนาชุมชน)\S+|กรมการพัฒนาชุมชน|กระทรวงมหาดไทย)"
            r"(?:\s+(?:กรมการพัฒนาชุมชน|กระทรวงมหาดไทย))*")
SITE_LINE = re.compile(
    rf"^(?:(?:หน้าแรก|หน้าหลัก)\b.*|.*\s[»›>]\s.*|{ORG_NAME})$"
)
# A news site's section label above the headline, often glued ("ข่าวทั่วไปข่าวภูมิภาค",
# "Update Newsข่าวภูมิภาคเศรษฐกิจ/ท่องเที่ยว"): no digits, no sentence punctuation.
SECTION_LINE = re.compile(r"^[A-Za-z][A-Za-z ]{0,24}[A-Za-z][ก-๙][ก-๙/&, ]{0,40}$|^(?:ข่าว|หมวด)[ก-๙/&, ]{0,40}$")
# A credit or field line ("ภาพ/ข่าว : ...", "ผู้เขียน: ...") is never part of a headline.
FIELD_LINE = re.compile(r"^[^:]{1,30}\s?:\s?\S|^(?:ภาพ|ข่าว|โดย|ผู้เขียน|เรียบเรียง)")
# Where the dateline starts when a headline runs on into the first paragraph on one line.
GLUED_DATELINE = re.compile(rf"\s(?=(?:วันนี้\s*\(|เมื่อ\s*วัน|(?:ระหว่าง)?วันที่\s*[\d๐-๙]|วัน(?:{WEEKDAYS})ที่))")
NUMERIC_DATE_LINE = re.compile(r"(?:วันที่\s*)?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s+\d{1,2}[.:]\d{2}(?:\s*น\.?)?)?")
THAI = re.compile(r"[ก-๙]")
# A line that only names a position, an office's place or a place ("พัฒนาการจังหวัดภูเก็ต",
# "ผู้ว่าราชการจังหวัดภูเก็ต", "อำเภอเมืองน่าน", "จ.ขอนแก่น"): signature lines and page chrome. Repeated on
# a page (each official's name and title on their own lines) it must not pass for the headline.
BARE_NAME = re.compile(rf"^(?:{POSITIONS}(?:จังหวัด|อำเภอ)?|จังหวัด|อำเภอ|ตำบล|จ\.|อ\.)\s?[ก-๙]{{2,25}}$")


def is_bare_name(line: str) -> bool:
    """A position, office, or place name alone on its line (or a province's name): never a headline."""
    return bool(BARE_NAME.match(line)) or province_by_name(line.strip()) is not None


class InputError(ValueError):
    """An input that cannot be normalised; the message says why, in Thai and English."""


@dataclass
class RawArticle:
    """What a raw file says, before any judgement about dates, places or missions."""

    title: str
    body_lines: list[str]
    header_lines: list[str] = field(default_factory=list)
    author: str = ""
    source: str = ""
    published: str = ""  # the page's own date (ISO), when the scrape's metadata gives one
    # A date line above the headline (ISO): shown as the post's date (Published), never used to date the
    # event: a page re-posted years later (seed 002: 2567 above a 2563 event) would date it wrongly.
    page_date: str = ""
    synthesized_title: bool = False
    figures: list = field(default_factory=list)  # ingest.figures.Figure, in reading order


# Characters that are never text of a press release: C0 controls but tab and newline, DEL, C1 controls,
# and the invisible format characters (zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi
# marks, embeddings, overrides and isolates, tag characters). Thai needs none of them; they crash feed
# writers (controls) or make a headline read differently from what it says (bidi, zero-width).
INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")
# Line and page separators other than newline (vertical tab, form feed, file/group/record separators,
# NEL, LINE and PARAGRAPH SEPARATOR): Python's splitlines() breaks lines there, Markdown does not.
LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Either kind: one scan tells that a text (most texts, and every line of an already stripped one) has none.
_STRIPPED = re.compile("[" + LINE_BREAKS.pattern[1:-1] + INVISIBLE.pattern[1:-1] + "]")
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xfe\xff", "utf-16-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8"))


def strip_invisible(text: str) -> str:
    """Text without control and invisible format characters; other line separators become newlines."""
    # Each of them is unprintable (str.isprintable, a quick test of the whole text: every line and
    # front-matter value passes it), then character classes only, so the regex engine scans fast.
    if text.isprintable() or not _STRIPPED.search(text):
        return text
    if LINE_BREAKS.search(text):
        text = LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def decode(data: bytes, name: str) -> str:
    """Bytes -> text (UTF-8, or UTF-16/32 and UTF-8 with a byte-order mark), refusing binaries and other
    encodings with a clear message."""
    if not data.strip():
        raise InputError("ไฟล์ว่าง / The file is empty")
    bom = next(((mark, codec) for mark, codec in _BOMS if data.startswith(mark)), None)
    if bom is None and b"\x00" in data[:4096]:
        raise InputError("ไฟล์ไบนารี ไม่ใช่ข้อความ / A binary file, not text")
    codec = bom[1] if bom else "utf-8"
    try:
        text = data[len(bom[0]) if bom else 0:].decode(codec)
    except UnicodeDecodeError as exc:
        label = codec.upper().replace("-BE", "").replace("-LE", "")
        raise InputError(f"ไม่ใช่ {label} (ไบต์ที่ {exc.start}) / Not {label} text (byte {exc.start})") from None
    if bom and "\x00" in text[:4096]:
        raise InputError("ไฟล์ไบนารี ไม่ใช่ข้อความ / A binary file, not text")
    text = strip_invisible(compose_thai(text))  # NFC, and SARA AM typed as NIKHAHIT + SARA AA composed
    text = text.replace("\u00a0", " ")
    if not THAI.search(text):
        raise InputError("ไม่มีข้อความภาษาไทย / No Thai text in the file")
    return text


# ------------------------------------------------------------------------------------- HTML

_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "form", "svg", "template",
              "nav", "header", "footer", "aside", "button", "input", "select", "textarea", "link", "meta")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section",
               "article", "figcaption", "pre")
_CONTENT_SELECTORS = (".entry-content", ".post-content", ".td-post-content", "article .content",
                      "[itemprop=articleBody]", "article", "main", "#content", "body")


def read_post_page(html: str, images: list | None = None, page_url: str = "") -> tuple[str, str, str]:
    """A post page -> (headline, article text with one paragraph a line, published ISO date).

    With ``images`` (a list), each photo of the page becomes a token line in the text and its URLs, alt
    and caption are appended to the list (ingest.figures); without, photos are dropped."""
    soup = BeautifulSoup(html, "html.parser")
    published = ""
    for attrs in ({"property": "article:published_time"}, {"itemprop": "datePublished"},
                  {"name": "date"}):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content"):
            published = str(tag["content"])[:10]
            break
    if not published:
        time_tag = soup.find("time", attrs={"datetime": True})
        if time_tag:
            published = str(time_tag["datetime"])[:10]
    heading = soup.find(class_=re.compile(r"entry-title|post-title")) or soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else ""
    if not title:
        og = soup.find("meta", attrs={"property": "og:title"})
        title = str(og["content"]) if og and og.get("content") else (soup.title.get_text(strip=True) if soup.title else "")
    if images is not None:  # before captions are dropped as noise below
        from .figures import mark_images

        mark_images(soup, images, page_url)
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.select(".tptn_counter, .sharedaddy, .jp-relatedposts, .post-views, .wp-caption-text, .screen-reader-text,"
                           " .yarpp, .yarpp-related, .addtoany_share_save_container, .a2a_kit, .related-posts,"
                           " .td_block_related_posts, .td-post-sharing-bottom, .post-tags"):
        tag.decompose()
    content = None
    for selector in _CONTENT_SELECTORS:
        content = soup.select_one(selector)
        if content and THAI.search(content.get_text()):
            break
    content = content or soup
    if heading and heading in content.descendants:
        heading.decompose()
    for tag in content.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = content.get_text("")
    return title, text, published


def read_sidecar(path: Path) -> dict:
    """The scraper's metadata next to a post page (NAME.meta.json), if any."""
    meta_path = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    if not meta_path.is_file() or meta_path.is_symlink():  # a link could name any file of the server
        return {}
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ------------------------------------------------------------------------------------- text

_SPACES_QUOTES = re.compile(r"[\s\"“”'‘’]+")


# The title rules ask the same few lines of a page again and again (their key, whether they are a date).
@lru_cache(maxsize=4096)
def _key(line: str) -> str:
    return _SPACES_QUOTES.sub("", line)


_SPACES_TABS = re.compile(r"[ \t]+")


# A photo in a text dump, alone on its line ('<image>URL alt="..."</image>', '![alt](url "title")',
# '<img src=... alt=...>'): the picture is not text. Its alt or title, when it reads as words, is what
# the page says of the photo (portals put the headline there) and stays as a line; else no line.
IMAGE_LINE = re.compile(r"^(?:<image\b[^>]*>(?P<wrapped>.*)</image>|!\[(?P<alt>[^\]]*)\]\((?P<target>.*)\)"
                        r"|<img\b(?P<img>[^<>]*)/?>)$", re.I)
_ALT = re.compile(r"""\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_QUOTED = re.compile(r'"([^"]*)"')
_FILE_NAME = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic)$", re.I)
_PHOTO_LABEL = re.compile(r"^(?:ภาพ|รูป)\S{0,12}$")  # "ภาพข่าว", "ภาพกิจกรรม": a label, not what it shows


def _words(text: str) -> str:
    text = " ".join(text.split())
    return text if THAI.search(text) and not _FILE_NAME.search(text) and not _PHOTO_LABEL.match(text) else ""


def image_text(line: str) -> str | None:
    """None when ``line`` is not an image; else the words the page gives it ("" for none)."""
    m = IMAGE_LINE.match(line) if line[:1] in "<!" else None
    if m is None:
        return None
    inner = m.group("wrapped") or m.group("img") or ""
    candidates = [m.group("alt") or ""] + [a or b for a, b in _ALT.findall(inner)]
    if m.group("target"):
        candidates += _QUOTED.findall(m.group("target"))  # ![](url "title")
    return next((words for words in map(_words, candidates) if words), "")


def image_lines_to_text(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        text = image_text(line)
        if text is None:
            out.append(line)
        elif text:
            out.append(text)
    return out


def split_lines(text: str) -> list[str]:
    lines = []
    for raw in text.split("\n"):
        # a run of spaces and tabs becomes one space: a line without a tab or two spaces has none to fold
        line = (_SPACES_TABS.sub(" ", raw) if "\t" in raw or "  " in raw else raw).strip()
        line = line.lstrip("🔹•·▪►").strip() if line.startswith(("🔹", "•", "·", "▪", "►")) else line
        if line:
            lines.append(line)
    return lines


# What a date line may hold besides its date: weekdays, ที่, commas, brackets, spaces, the time.
_AROUND_DATE = re.compile(r"(?:วัน)?(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์)|ที่|[,\s()]|"
                          r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|เวลา\s*\d{1,2}[.:]\d{2}\s*น?\.?",
                          re.IGNORECASE)


@lru_cache(maxsize=4096)
def _is_date_line(line: str) -> bool:
    """A line that is only a date (page dates, datelines), with an optional weekday."""
    plain = thai_digits_to_arabic(line)
    if NUMERIC_DATE_LINE.fullmatch(plain.strip()):
        return True
    for regex in (THAI_DATE_RE, EN_DATE_RE) if has_latin(plain) else (THAI_DATE_RE,):
        m = regex.search(plain)
        if m:
            rest = (plain[:m.start()] + plain[m.end():])
            if not _AROUND_DATE.sub("", rest):
                return True
    return False


_SITE_SEPARATOR = re.compile(r"[-|–:]")
_SITE_SUFFIX = re.compile(r"^(.*\S)\s+[-|–]\s+([^-|–]{2,40})$")
_ORG_SUFFIX = re.compile(rf"^(.{{20,}}?)\s+[-|–]\s+{ORG_NAME}$")
_ORG_PREFIX = re.compile(rf"^{ORG_NAME}\s+[-|–:]\s+(.{{20,}})$")


def _strip_site_suffix(line: str, others: set[str]) -> str:
    """'Headline - Thailand Times' -> 'Headline' when the bare headline is also on the page;
    'Headline – สำนักงานพัฒนาชุมชนจังหวัด...' and 'สำนักงาน... | Headline' whenever the site is an office's name."""
    if not _SITE_SEPARATOR.search(line):
        return line  # most lines: no separator, which each form needs
    m = _SITE_SUFFIX.match(line)
    if m and _key(m.group(1)) in others:
        return m.group(1)
    m = _ORG_SUFFIX.match(line)
    if m:
        return m.group(1)
    m = _ORG_PREFIX.match(line)
    if m:
        return m.group(1)
    return line


def synthesize_title(paragraph: str) -> str:
    """A headline for a text that has none: who did what, from its first sentence.

    "วันที่ 12 พฤษภาคม 2565 นายสมคิด จันทมฤก อธิบดีกรมการพัฒนาชุมชน กระทรวงมหาดไทย
    เป็นประธานในพิธีเปิดการประชุม... โดยมี..." -> "อธิบดีกรมการพัฒนาชุมชน เปิดประชุม..."
    """
    from cdd_thai.people import PERSON_RE

    text = thai_digits_to_arabic(paragraph)
    date = THAI_DATE_RE.search(text[:80])
    if date:
        text = text[date.end():]
    text = re.sub(r"^\s*\)?\s*(?:เวลา\s*)?(?:\d{1,2}[.:]\d{2}\s*น\.?)?\s*[/,]?\s*", "", text)
    # A news dateline before the lead ("กรุงเทพฯ – นายวีระพงษ์ ...") is not part of who did what.
    text = re.sub(r"^[ก-๙ฯ.]{2,20}\s?[–—-]\s", "", text)
    person = PERSON_RE.search(text[:250])
    if person and re.match(r"\s*(?:ณ|ที่)\s", text):
        text = text[person.start():]  # "ณ ห้องประชุม... นายสมชาย ... เป็นประธาน" -> the person first
    text = PERSON_RE.sub("", text, count=1).strip()
    text = re.sub(r"\s*กระทรวงมหาดไทย", "", text)
    text = re.sub(r"\s*เป็นประธาน(?:ใน)?(?:พิธี)?(?:การ)?เปิด(?:การ)?", " เปิด", text)
    text = re.sub(r"\s*เป็นประธาน(?:ใน)?(?:พิธี)?(?:การ)?(?=ประชุม|มอบ|ลงนาม|แถลง)", " ", text)
    # "X พร้อมด้วย <companions> ลงพื้นที่..." -> "X ลงพื้นที่...": the action after the companions.
    action = re.search(r"พร้อมด้วย.*?\s((?:ลงพื้นที่|เป็นประธาน|เปิด|จัด|ร่วม|มอบ|ประชุม|ติดตาม|ตรวจ|เยี่ยม)\S*.*)", text)
    head = re.split(r"\s?พร้อมด้วย", text)[0]
    if action and len(head) < 60:
        text = f"{head} {action.group(1)}"
    text = re.split(r"\s(?:โดยมี|โดย|พร้อมด้วย|ณ|เพื่อ|ซึ่ง|เนื่องใน(?:โอกาส)?|เฉลิมพระเกียรติ|เมื่อ(?=วัน))\s?", text)[0]
    if len(text) > 200:
        cut = text.rfind(" ", 0, 200)
        text = text[:cut if cut > 60 else 200]
    return text.strip(" ,")


# ------------------------------------------------------------------- the headline: rules in order
# Each rule gets the cleaned lines (and the page's own title) and returns (title, index of its line)
# or None; parse_raw applies them in TITLE_RULES order until one gives a title. A rule may also mend
# the lines it reads (a headline glued to its dateline, a headline wrapped over two lines).


def _html_title_rule(lines: list[str], html_title: str):
    """The page's <h1>/og:title: found among the first lines, or standing alone (-1)."""
    if html_title:
        return html_title, next((i for i, line in enumerate(lines[:15]) if _key(line) == _key(html_title)), -1)
    return None


def _labelled_title_rule(lines: list[str], _html_title: str):
    """A labelled headline ("หัวข้อ : ..."): the label line itself is header."""
    for i, line in enumerate(lines[:12]):
        m = HEADLINE_LABEL.match(line)
        if m:
            return m.group(1).strip(), i
    return None


def _glued_dateline_rule(lines: list[str], _html_title: str):
    """A long first text line that runs from a headline into its dateline is two lines (no title yet)."""
    for i, line in enumerate(lines[:15]):
        if not THAI.search(line) or _is_date_line(line) or SITE_LINE.match(line):
            continue
        m = GLUED_DATELINE.search(line, 20)
        # ...unless an official is already named before the date: then the line is a lead paragraph.
        if (len(line) > 250 and m and m.start() <= 250 and not DATE_START.match(thai_digits_to_arabic(line))
                and not PERSON_RE.search(line[:m.start()])):
            lines[i:i + 1] = [line[:m.start()], line[m.start() + 1:]]
        break
    return None


def _repeated_title_rule(lines: list[str], _html_title: str):
    """A repeated line is a headline even when it is long (sites paste the whole lead as the title),
    and so is a line ending in the site's name."""
    keys = [_key(line) for line in lines]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    key_set = set(keys)
    for i, line in enumerate(lines[:15]):
        candidate = _strip_site_suffix(line, key_set)
        if (len(candidate) <= MAX_REPEATED_TITLE and (counts.get(_key(candidate), 0) > 1 or candidate != line)
                and THAI.search(candidate) and not _is_date_line(candidate) and not is_bare_name(candidate)):
            return candidate, i
    return None


def _is_wrapped_headline(title: str, line: str, nxt: str, lead: str) -> bool:
    """``nxt`` continues the headline ``title`` (from ``line``): shorter, right before the lead paragraph."""
    return bool(THAI.search(nxt) and len(nxt) < len(line) and len(title) + len(nxt) < MAX_TITLE
                and not _is_date_line(nxt) and not DATE_START.match(thai_digits_to_arabic(nxt))
                and not FIELD_LINE.match(nxt) and not re.match(r"(?:นาย|นาง|ดร\.)", nxt)
                and not re.search(r"[.!?]$", title) and "|" not in nxt
                and not THAI_DATE_RE.search(thai_digits_to_arabic(nxt))
                and not any(_key(nxt)[k:k + 15] in _key(title) for k in range(0, max(1, len(_key(nxt)) - 14), 5))
                and (DATE_START.match(lead) or len(lead) > MAX_TITLE))


def _first_line_title_rule(lines: list[str], _html_title: str):
    """The first text line, when it is short and neither a date nor the lead paragraph."""
    for i, line in enumerate(lines):
        if (not THAI.search(line) or _is_date_line(line) or SITE_LINE.match(line) or SECTION_LINE.match(line)
                or is_bare_name(line)):
            continue
        lead_like = PERSON_RE.search(line) and THAI_DATE_RE.search(thai_digits_to_arabic(line))
        if len(line) > MAX_TITLE or DATE_START.match(thai_digits_to_arabic(line)) or lead_like:
            return None
        title = _strip_site_suffix(line, set())
        if i + 2 < len(lines) and _is_wrapped_headline(title, line, lines[i + 1], thai_digits_to_arabic(lines[i + 2])):
            title = f"{title} {lines[i + 1]}"
            lines[i:i + 2] = [title]
        return title, i
    return None


TITLE_RULES = (_html_title_rule, _labelled_title_rule, _glued_dateline_rule, _repeated_title_rule,
               _first_line_title_rule)


def find_title(lines: list[str], html_title: str = "") -> tuple[str, int]:
    """(headline, index of its line or -1); ("", -1) when no rule finds one."""
    title, index = "", -1
    for rule in TITLE_RULES:
        found = rule(lines, html_title)
        if found is not None:
            title, index = found
            if title:
                break
    return title, index


# ------------------------------------------------------------------- header, body, byline


def _split_at_title(lines: list[str], title: str, title_index: int) -> tuple[list[str], list[str]]:
    """(header lines, body lines): the body starts after the last repetition of the headline."""
    title_key = _key(title)
    last = title_index
    for i, line in enumerate(lines):
        key = _key(line)
        # a line's part has its key inside the line's key: most lines cannot hold the headline at all
        if key == title_key or (title_key and title_key in key
                                and _key(_strip_site_suffix(line, {title_key})) == title_key):
            last = max(last, i)
    if last >= 0:
        return lines[:max(last, 0)], lines[last + 1:]
    # No headline: site names, breadcrumbs, page dates and bare place or position names above the
    # first paragraph are header too.
    header, body = [], list(lines)
    while len(body) > 1 and (SITE_LINE.match(body[0]) or _is_date_line(body[0]) or is_bare_name(body[0])):
        header.append(body.pop(0))
    return header, body


def _title_from_lead(body: list[str]) -> tuple[str, bool]:
    """No headline at all: the subject at the start of the lead, else one made from it (synthesized)."""
    first = body[0]
    glued = re.match(r"^(\S+(?:\s\S+){0,3}?)\s(?=" + SUBJECT_START.pattern[1:] + ")", first)
    if (glued and len(glued.group(1)) <= 40 and not DATE_START.match(first)
            and not re.match(r"(?:นาย|นาง|ดร\.|ว่าที่)", first)  # a name alone is not a headline,
            and not re.search(r"[–—-]$", glued.group(1))):  # nor a dateline ("กรุงเทพฯ –")
        return glued.group(1), False
    return synthesize_title(first), True


def page_date(header: list[str]) -> str:
    """The post's own date as its page shows it: a line that is only a date above the headline
    ("วันพฤหัสบดี, 23 พฤษภาคม 2567"), ISO; "" when there is none (or it cannot be a news date)."""
    for line in header:
        if _is_date_line(line):
            try:
                return parse_date_value(line).isoformat()
            except ThaiDateError:
                continue
    return ""


_BY_RE = re.compile(r"^โดย\s*:\s*(.+)$")  # "โดย : ...", a byline above the text


def parse_raw(text: str, *, html_title: str = "") -> RawArticle:
    """Clean lines, the headline, the byline and the body of a raw text."""
    # Again here: HTML entities (&#8203;, &#x202E;) and sidecar titles bring them after decode().
    text, html_title = strip_invisible(text), strip_invisible(html_title)
    lines = split_lines(text)
    published = ""
    if lines and META_PREFIX.match(lines[0]):
        published = META_PREFIX.match(lines[0]).group(1)
        lines[0] = META_PREFIX.sub("", lines[0])
    byline = next((m.group(1).strip() for m in map(_BY_RE.match, lines[:12]) if m), "")
    lines = image_lines_to_text([line for line in lines if not NOISE_LINE.match(line)])
    title, title_index = find_title(lines, html_title)
    header, body = _split_at_title(lines, title, title_index)
    author = ""
    if body:
        m = BYLINE.match(body[-1])
        if m:
            author = (m.group("who") or m.group("who2")).strip()
            body = body[:-1]
    synthesized = False
    if not title and body:
        title, synthesized = _title_from_lead(body)
    return RawArticle(title=title, body_lines=body, header_lines=header, author=author or byline,
                      published=published, page_date=page_date(header), synthesized_title=synthesized)
