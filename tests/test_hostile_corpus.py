"""Hostile corpus (issue 10): numbered XSS payloads sent through every input path, built with both
settings files, every page loaded in Chromium with every element hovered, focused and clicked.

Every payload (tests/hostile/payloads.json, in the style of the OWASP filter-evasion cheat sheet)
leaves a trace when it runs: ``alert(M)`` (a dialog) or a request to the marker host ``xss.test``
(intercepted). M = PATH * 1000 + N names the input path and the payload, so the failure message of
each test is the report: per path, the payload numbers that ran, or that a static parse of the
output found as an event-handler attribute, a ``javascript:``/``data:``/``vbscript:`` URL or an
active element. Every article also carries the token ``hxM``, so a payload that was refused (by the
normaliser's quarantine or the validator) is told apart from one silently dropped.

A marker file outside the content folder is referenced by scraped text and by officers' files in
every way Pelican resolves links (``{attach}``, ``{static}``, ``{filename}``, ``|attach|``, absolute
paths, symlinks in content/ and raw/); its text must appear in no output file, and no build may
write outside its output folder.

Builds: two corpora (scraped, officer) x two settings files (pelicanconf.py, publishconf.py).
Set HOSTILE_REPORT=path to keep the per-path table as Markdown.
"""
from __future__ import annotations

import base64
import functools
import html
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

# The module builds four sites and loads every page in Chromium: its own, larger time limit.
pytestmark = [pytest.mark.build, pytest.mark.slow, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
PAYLOADS: list[dict] = json.loads((HOSTILE / "payloads.json").read_text(encoding="utf-8"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MARKER_HOST = "xss.test"
# Every other host is unresolvable: nothing leaves the machine, a request still shows as an event.
BLOCK_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
CONFIGS = ("pelicanconf", "publishconf")

# Input paths: code -> description. M = code * 1000 + payload number (always five digits).
SCRAPED_PATHS = {
    11: "scraped HTML: markup in the post content",
    12: "scraped HTML: payload as visible text in the content",
    13: "plain-text scrape: payload in the body",
    14: "scraped HTML headline (text), no sidecar",
    15: "scraped sidecar title",
    16: "plain-text scrape: payload in the headline",
    17: "scraped HTML headline (markup), no sidecar",
}
OFFICER_FIELDS = {
    21: "body", 22: "Title", 23: "Author", 24: "Summary", 25: "Tags", 26: "People", 27: "Source",
    28: "Provinces", 29: "URL", 30: "Slug",
}
OFFICER_PATHS = {code: f"officer Markdown: {name}" for code, name in OFFICER_FIELDS.items()}
PAGE_PATHS = {31: "officer page: body", 32: "officer page: Title", 33: "officer page: Summary"}
SEARCH_PATHS = {41: "search page: payload as ?q="}
SECRET_PATHS = {18: "scraped text: references to the marker file",
                39: "officer Markdown: references to the marker file"}
PATHS = {**SCRAPED_PATHS, **OFFICER_PATHS, **PAGE_PATHS, **SEARCH_PATHS, **SECRET_PATHS}

TOKEN_RE = re.compile(r"hx(\d{5})")
MARK_RE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "mhtml:", "livescript:")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
             "cite", "longdesc", "dynsrc", "lowsrc", "ping", "manifest", "codebase", "archive",
             "srcset", "values", "to", "from", "by", "usemap", "icon", "profile"}
ACTIVE_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
                   "isindex", "xmp", "plaintext", "noembed", "template"}

BODY_FIRST = ("เมื่อวันที่ 15 มีนาคม {be} พัฒนาการจังหวัดขอนแก่น ลงพื้นที่ติดตามการแก้ไขปัญหาความยากจนของครัวเรือน"
              "ยากจนเป้าหมาย ณ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น รหัสทดสอบ hx{M}")
BODY_LAST = "โดยมีผู้นำชุมชนและเจ้าหน้าที่ร่วมประชุมหารือแนวทางการพัฒนาอาชีพเพื่อเพิ่มรายได้ของครัวเรือน"
HEADLINE = "พช.ขอนแก่น ติดตามการแก้ไขปัญหาความยากจน ทดสอบ hx{M}"


def year_of(code: int) -> int:
    """Each path has its own year: its own year and month pages, and a search filter per path."""
    return 1990 + code


def render(payload: dict, code: int) -> str:
    """The payload with its marker M = code * 1000 + n (and encoded forms of ``alert(M)``)."""
    m = code * 1000 + payload["n"]
    js = f"javascript:alert({m})"
    b64 = base64.b64encode(f"<script>alert({m});new Image().src='http://{MARKER_HOST}/{m}'</script>"
                           .encode()).decode()
    text = payload["payload"]
    for key, value in {
        "{CHARCODES}": ",".join(str(ord(c)) for c in f"alert({m})"),
        "{JS_ENT}": "".join(f"&#{ord(c)};" for c in js),
        "{JS_PAD}": "".join(f"&#{ord(c):07d}" for c in js),
        "{JS_HEX}": "".join(f"&#x{ord(c):02X}" for c in js),
        "{B64}": b64,
        "{M}": str(m),
    }.items():
        text = text.replace(key, value)
    return text


def one_line(text: str) -> str:
    return " ".join(text.split("\n"))


# ---------------------------------------------------------------------------------------------
# Writing the corpora

PAGE = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{published}T08:00:00"></head><body><article>
<h1 class="entry-title">{h1}</h1><div class="entry-content">{content}
<div class="tptn_counter">(Visited 3 times, 1 visits today)</div></div></article></body></html>"""


def groups(size: int = 5) -> list[list[dict]]:
    """Payloads in groups of `size`, one group per article; a payload that can swallow or change
    what follows it (unclosed tags, raw-text and foreign-content elements, context breakers,
    autofocus, base, meta refresh, template syntax: ``"alone": true``) has an article of its own.
    Each payload keeps its own marker, so a trace still names it."""
    out, chunk = [], []
    for payload in PAYLOADS:
        if payload.get("alone"):
            out.append([payload])
        else:
            chunk.append(payload)
            if len(chunk) == size:
                out.append(chunk)
                chunk = []
    return out + ([chunk] if chunk else [])


GROUPS = groups()


def marks(group: list[dict], code: int) -> list[int]:
    return [code * 1000 + p["n"] for p in group]


def tokens(group: list[dict], code: int) -> str:
    return " ".join(f"hx{m}" for m in marks(group, code))


def scraped_inputs(raw: Path) -> dict[str, list[int]]:
    """One raw input per (path, group of payloads): .html posts (with or without the scraper's
    sidecar) and .txt scrapes. Returns input file name -> markers."""
    names = {}
    for code in SCRAPED_PATHS:
        folder = raw / f"p{code}"
        folder.mkdir(parents=True)
        year = year_of(code)
        for group in GROUPS:
            m = marks(group, code)[0]
            texts = [render(p, code) for p in group]
            first = BODY_FIRST.format(be=year + 543, M=m) + " " + tokens(group, code)
            headline = HEADLINE.format(M=m)
            line = " ".join(one_line(t) for t in texts)
            url = f"https://province.cdd.go.th/khonkaen/{year}/03/16/hostile-{m}/"
            sidecar = {"url": url, "title": headline, "published": f"{year}-03-16T08:00:00"}
            if code in (11, 12, 14, 15, 17):
                content = f"<p>{first}</p>\n"
                if code in (11, 12):
                    content += "".join(f"<p>ก่อน {t if code == 11 else html.escape(t, quote=False)} หลัง</p>\n"
                                       for t in texts)
                content += f"<p>{BODY_LAST}</p>"
                h1 = {14: headline + " " + html.escape(line, quote=False),
                      17: headline + " " + " ".join(texts)}.get(code, headline)
                title = html.escape(headline + " " + line, quote=False) if code in (14, 17) else headline
                if code == 15:
                    sidecar["title"] = headline + " " + line
                name = f"wp-{m}.html"
                (folder / name).write_text(
                    PAGE.format(title=title, h1=h1, content=content, published=f"{year}-03-16"), encoding="utf-8")
                if code in (11, 12, 15):
                    (folder / f"wp-{m}.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False),
                                                              encoding="utf-8")
            else:  # plain-text scrape: date line, headline, paragraphs
                head = headline + (" " + line if code == 16 else "")
                lines = [f"วันอังคาร, 16 มีนาคม {year + 543}", "", head, "", first, ""]
                if code == 13:
                    for t in texts:
                        lines += [t, ""]
                lines += [BODY_LAST, ""]
                name = f"{m}.txt"
                (folder / name).write_text("\n".join(lines), encoding="utf-8")
            names[name] = marks(group, code)
    return names


FRONT = ("Title", "Date", "Provinces", "Missions", "Tags", "People", "Author", "Source", "Summary",
         "URL", "Slug", "Lang")


def officer_file(code: int, group: list[dict]) -> tuple[str, str]:
    """(relative path, text) of an officer's article with the group's payloads in one field."""
    m = marks(group, code)[0]
    texts = [render(p, code) for p in group]
    year = year_of(code)
    first = BODY_FIRST.format(be=year + 543, M=m) + " " + tokens(group, code)
    meta = {"Title": f"ข่าวทดสอบ hx{m}", "Date": f"{year}-03-15", "Provinces": "ขอนแก่น",
            "Missions": "poverty", "Tags": "ทดสอบ, ความยากจน", "People": "นางสาวทดสอบ ใจดี",
            "Author": "สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น", "Source": f"https://example.org/news/{m}",
            "Summary": f"สรุปข่าวทดสอบ hx{m}", "Slug": f"hostile-{m}", "Lang": "th"}
    body = f"{first}\n\n{BODY_LAST}\n"
    name = OFFICER_FIELDS.get(code)
    line = " ".join(one_line(t) for t in texts)
    if name == "body":
        body = f"{first}\n\n" + "\n\n".join(texts) + f"\n\n{BODY_LAST}\n"
    elif name in ("Title", "Summary", "People"):
        meta[name] = meta[name] + " " + line
    elif name in ("Tags", "Provinces"):
        meta[name] = meta[name] + ", " + ", ".join(one_line(t) for t in texts)
    else:  # Author, Source, URL, Slug: the whole value
        meta[name] = line
    head = "\n".join(f"{key}: {meta[key]}" for key in FRONT if key in meta)
    return f"articles/{year}/hostile-{m}.md", head + "\n\n" + body


def page_file(code: int, group: list[dict]) -> tuple[str, str]:
    """A page (content/pages/): the payloads in its body (31), or in its Title (32) and Summary (33)."""
    m = marks(group, code)[0]
    title, summary = f"หน้าทดสอบ hx{m}", f"สรุปหน้าทดสอบ hx{m}"
    body = f"หน้าทดสอบ {tokens(group, code)}\n\n{BODY_LAST}\n"
    if code == 31:
        body = f"หน้าทดสอบ {tokens(group, code)}\n\n" + "\n\n".join(render(p, 31) for p in group) \
            + f"\n\n{BODY_LAST}\n"
    else:
        title += " " + " ".join(one_line(render(p, 32)) for p in group)
        summary += " " + " ".join(one_line(render(p, 33)) for p in group)
        body = f"หน้าทดสอบ {tokens(group, 32)} {tokens(group, 33)}\n\n{BODY_LAST}\n"
    return f"pages/hostile-{m}.md", f"Title: {title}\nSlug: page-{m}\nSummary: {summary}\n\n{body}"


# ---------------------------------------------------------------------------------------------
# The marker file outside the content folder, and every way to reference it

def secret_references(secret: Path, article: Path, root: Path) -> list[str]:
    """Every way a Markdown text can name `secret` (a file outside the content folder `root`)."""
    refs = []
    for ups in range(1, 7):
        up = "../" * ups
        for what in ("attach", "static", "filename"):
            refs += [f"[{what}{ups}]({{{what}}}{up}{secret.name})", f"![{what}{ups}]({{{what}}}{up}{secret.name})",
                     f"[{what}/{ups}]({{{what}}}/{up}{secret.name})", f"[|{what}|{ups}](|{what}|{up}{secret.name})"]
    relative = os.path.relpath(secret, article.parent)
    refs += [f"[rel]({{attach}}{relative})", f"[rel]({{static}}{relative})", f"[abs]({{attach}}{secret})",
             f"[abs]({{static}}{secret})", f"[abs]({{filename}}{secret})", f"[abs]({secret})",
             f"[file](file://{secret})", f"![img]({secret})"]
    return refs


def secret_html(refs: list[str]) -> str:
    """The same references as HTML attributes (as a scraped post could carry them)."""
    targets = [re.search(r"\]\((.*)\)$", ref).group(1) for ref in refs]
    return "\n".join(f'<p><a href="{t}">ไฟล์</a> <img src="{t}" alt="ภาพ"></p>' for t in targets)


# ---------------------------------------------------------------------------------------------
# Building

@dataclass
class Build:
    config: str
    out: Path
    port: int
    returncode: int = 0
    log: str = ""


@dataclass
class Corpus:
    name: str
    base: Path
    content: Path
    paths: dict[int, str]
    tried: dict[int, set] = field(default_factory=lambda: defaultdict(set))
    quarantined: dict[int, dict] = field(default_factory=lambda: defaultdict(dict))  # by the normaliser
    builds: dict[str, Build] = field(default_factory=dict)
    servers: list = field(default_factory=list)
    files: dict[str, list] = field(default_factory=dict)  # article file name -> markers

    def published(self, config: str) -> dict[int, set]:
        """hx tokens that appear in some output HTML file of a build."""
        found = defaultdict(set)
        for path in self.builds[config].out.rglob("*.html"):
            for m in TOKEN_RE.findall(path.read_text(encoding="utf-8", errors="replace")):
                found[int(m) // 1000].add(int(m) % 1000)
        return found

    def refused(self, config: str) -> dict[int, set]:
        """Files the build log names as not published (validator), by path."""
        log = self.builds[config].log
        found = defaultdict(set)
        for line in log.splitlines():
            if "not published" in line or "ERROR" in line or "ไม่เผยแพร่" in line:
                for name in re.findall(r"[\w.-]+\.md", line):
                    for m in self.files.get(name, ()):
                        found[m // 1000].add(m % 1000)
        return found


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(Quiet, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def pelican(corpus: Corpus, build: Build) -> None:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "PYTHONHASHSEED": "0",
           "COLUMNS": "10000", "CDD_SITEURL": f"http://127.0.0.1:{build.port}"}
    cache = corpus.base / f"cache-{build.config}"
    # cwd is the corpus folder, so a stray write relative to the working folder is seen too
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(corpus.content), "-o", str(build.out), "-s",
         str(ROOT / f"{build.config}.py"), "-e", f"CACHE_PATH={json.dumps(str(cache))}"],
        cwd=corpus.base, env=env, capture_output=True, text=True, timeout=900)
    build.returncode, build.log = done.returncode, done.stdout + done.stderr


def tree(root: Path, skip: list[Path]) -> dict[str, tuple]:
    """Every file under root (not following symlinks) with its size and mtime, except under skip."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not any((here / d) == s for s in skip)]
        for name in filenames + [d for d in dirnames if (here / d).is_symlink()]:
            path = here / name
            st = path.lstat()
            found[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return found


@dataclass
class World:
    root: Path
    secret_text: str
    secret_files: list[Path]
    scraped: Corpus
    officer: Corpus
    writes_outside: list[str]
    normalise_log: str

    @property
    def corpora(self):
        return (self.scraped, self.officer)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    root = tmp_path_factory.mktemp("hostile")
    token = "H4SECRET" + uuid.uuid4().hex
    be = year_of(18) + 543
    secret = root / "SECRET-MARKER.txt"
    # A valid press release, so that a leak through a symlinked raw input would be published too.
    secret.write_text(f"วันอังคาร, 16 มีนาคม {be}\n\nข่าวลับ {token}\n\n"
                      + BODY_FIRST.format(be=be, M=18900) + f" {token}\n\n{token}\n", encoding="utf-8")
    secret_md = root / "SECRET-ARTICLE.md"
    secret_md.write_text(f"Title: ข่าวลับ {token}\nDate: 2008-03-15\nProvinces: ขอนแก่น\nSlug: secret-article\n\n"
                         f"{token} hx39900\n", encoding="utf-8")
    outside_dir = root / "outside-dir"
    outside_dir.mkdir()
    (outside_dir / "secret-dir.md").write_text(
        f"Title: ข่าวลับในโฟลเดอร์ {token}\nDate: 2008-03-15\nProvinces: ขอนแก่น\nSlug: secret-dir\n\n"
        f"{token} hx39901\n", encoding="utf-8")
    (outside_dir / "secret.png").write_text(token, encoding="utf-8")

    # -- scraped corpus: raw inputs through scripts/normalize.py
    scraped = Corpus("scraped", root / "scraped", root / "scraped" / "content", SCRAPED_PATHS)
    raw = scraped.base / "raw"
    inputs = scraped_inputs(raw)
    for code in SCRAPED_PATHS:
        scraped.tried[code] = {p["n"] for p in PAYLOADS}
    refs_folder = raw / "p18"
    refs_folder.mkdir()
    for i, kind in enumerate(("txt", "html")):
        m = 18001 + i
        year = year_of(18)
        refs = secret_references(secret, scraped.content / "articles" / str(year) / "x.md", scraped.content)
        first = BODY_FIRST.format(be=year + 543, M=m)
        if kind == "txt":
            text = "\n\n".join([f"วันอังคาร, 16 มีนาคม {year + 543}", HEADLINE.format(M=m), first, *refs, BODY_LAST])
            (refs_folder / f"{m}.txt").write_text(text + "\n", encoding="utf-8")
        else:
            content = f"<p>{first}</p>\n" + "\n".join(f"<p>{html.escape(r)}</p>" for r in refs) \
                + "\n" + secret_html(refs) + f"\n<p>{BODY_LAST}</p>"
            (refs_folder / f"wp-{m}.html").write_text(
                PAGE.format(title=HEADLINE.format(M=m), h1=HEADLINE.format(M=m), content=content,
                            published=f"{year}-03-16"), encoding="utf-8")
    os.symlink(secret, refs_folder / "linked-secret.txt")  # a symlink among the raw inputs
    scraped.tried[18] = {1, 2}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "normalize.py"), "--json", "--quarantine",
         str(scraped.base / "quarantine"), "-o", str(scraped.content / "articles"), str(raw)],
        cwd=scraped.base, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    inputs.update({"18001.txt": [18001], "wp-18002.html": [18002]})
    for line in done.stdout.splitlines():
        result = json.loads(line)
        for m in inputs.get(Path(result["input"]).name, ()):
            if result["status"] != "ok":
                scraped.quarantined[m // 1000][m % 1000] = result["error"]
            elif result.get("output"):
                scraped.files.setdefault(Path(result["output"]).name, []).append(m)

    # -- officer corpus: Markdown files written into content/
    officer = Corpus("officer", root / "officer", root / "officer" / "content", {**OFFICER_PATHS, **PAGE_PATHS})
    for group in GROUPS:
        for code in OFFICER_FIELDS:
            rel, text = officer_file(code, group)
            target = officer.content / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            officer.tried[code] |= {p["n"] for p in group}
            officer.files[target.name] = marks(group, code)
        for code in (31, 32):
            rel, text = page_file(code, group)
            target = officer.content / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            officer.files[target.name] = marks(group, code) + (marks(group, 33) if code == 32 else [])
            for c in ((31,) if code == 31 else (32, 33)):
                officer.tried[c] |= {p["n"] for p in group}
    year = year_of(39)
    articles = officer.content / "articles" / str(year)
    articles.mkdir(parents=True)
    refs = secret_references(secret, articles / "x.md", officer.content)
    # one reference per file (in the body, then in the Summary), so a form the validator does not
    # catch is built by Pelican instead of being refused with a caught one
    placed = [("body", ref) for ref in refs] + [("summary", ref) for ref in refs[::4]]
    for i, (where, ref) in enumerate(placed, 1):
        m = 39000 + i
        officer.tried[39].add(i)
        officer.files[f"hostile-{m}.md"] = [m]
        summary = f"สรุป hx{m}" + (f" {ref}" if where == "summary" else "")
        body = ref if where == "body" else "ไม่มีลิงก์"
        (articles / f"hostile-{m}.md").write_text(
            f"Title: ข่าวทดสอบ hx{m}\nDate: {year}-03-15\nProvinces: ขอนแก่น\nSlug: hostile-{m}\n"
            f"Summary: {summary}\n\n{BODY_FIRST.format(be=year + 543, M=m)}\n\n{body}\n", encoding="utf-8")
    groups = placed
    # symlinks inside content/ pointing outside it
    os.symlink(secret, articles / "linked.txt")
    os.symlink(secret, articles / "linked.png")
    (officer.content / "images").mkdir()
    os.symlink(secret, officer.content / "images" / "linked.png")
    os.symlink(secret_md, articles / "secret-article.md")
    os.symlink(outside_dir, officer.content / "articles" / "outside")
    m = 39000 + len(groups) + 1
    officer.tried[39].add(m % 1000)
    officer.files[f"hostile-{m}.md"] = [m]
    (articles / f"hostile-{m}.md").write_text(
        f"Title: ข่าวทดสอบ hx{m}\nDate: {year}-03-15\nProvinces: ขอนแก่น\nSlug: hostile-{m}\n\n"
        f"{BODY_FIRST.format(be=year + 543, M=m)}\n\n[a]({{attach}}linked.txt) ![b]({{attach}}linked.png) "
        f"![c]({{static}}/images/linked.png) [d]({{filename}}secret-article.md) ![e]({{attach}}../outside/secret.png)"
        f" [f]({{filename}}../outside/secret-dir.md)\n", encoding="utf-8")
    officer.paths[39] = SECRET_PATHS[39]
    scraped.paths[18] = SECRET_PATHS[18]

    # -- build both corpora with both settings files (two at a time: the machine has two cores)
    for corpus in (scraped, officer):
        for config in CONFIGS:
            out = corpus.base / f"out-{config}"
            out.mkdir()
            httpd = serve(out)
            corpus.servers.append(httpd)
            corpus.builds[config] = Build(config, out, httpd.server_address[1])
    skip = [c.builds[k].out for c in (scraped, officer) for k in CONFIGS] + \
           [c.base / f"cache-{k}" for c in (scraped, officer) for k in CONFIGS]
    before = tree(root, skip)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda job: pelican(*job), [(c, c.builds[k]) for c in (scraped, officer) for k in CONFIGS]))
    after = tree(root, skip)
    changed = sorted(p for p in after if before.get(p) != after[p]) + sorted(p for p in before if p not in after)
    yield World(root, token, [secret, secret_md, outside_dir], scraped, officer, changed, done.stderr)
    for corpus in (scraped, officer):
        for httpd in corpus.servers:
            httpd.shutdown()
            httpd.server_close()


# ---------------------------------------------------------------------------------------------
# The report: filled by the tests, printed (and written to $HOSTILE_REPORT) by the last one

REPORT: dict = {"ran": defaultdict(lambda: defaultdict(set)), "static": defaultdict(lambda: defaultdict(set)),
                "feeds": defaultdict(lambda: defaultdict(set)), "where": defaultdict(list), "notes": []}


def describe(hits: dict[int, set], limit: int = 400) -> str:
    """'PATH description: n1, n2, ...' per path with hits."""
    lines = []
    for code in sorted(hits):
        if hits[code]:
            numbers = sorted(hits[code])
            lines.append(f"  [{code}] {PATHS.get(code, code)}: {len(numbers)} — "
                         + ", ".join(map(str, numbers))[:limit])
    return "\n".join(lines)


def by_marker(markers) -> dict[int, set]:
    hits = defaultdict(set)
    for m in markers:
        hits[m // 1000].add(m % 1000)
    return hits


# ---------------------------------------------------------------------------------------------
# Static parse of every output file

def clean_url(value: str) -> str:
    """A URL as a browser reads it: control characters and whitespace removed, lower case."""
    return re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()


def allowed(tag, attr: str, value: str) -> bool:
    """The theme's own uses: an empty data: favicon."""
    return tag.name == "link" and attr == "href" and value.strip() == "data:," and "icon" in (tag.get("rel") or [])


def markers_near(tag, page_token: int | None) -> set[int]:
    """The payload markers an offending element belongs to: in the element itself, else the hx
    token of the nearest enclosing block that has one, else the page's own article."""
    text = str(tag)[:4000]
    found = {int(m) for m in MARK_RE.findall(text) if int(m) // 1000 in PATHS}
    if found:
        return found
    for parent in tag.parents:
        tokens = {int(t) for t in TOKEN_RE.findall(parent.get_text(" ")[:20000])}
        if len(tokens) == 1:
            return tokens
        if len(tokens) > 1:
            break
    return {page_token} if page_token else set()


def theme_script(tag, siteurl: str) -> bool:
    if tag.get("type") == "application/ld+json" and not tag.get("src"):
        return True
    src = tag.get("src") or ""
    return bool(re.fullmatch(r"(?:%s|\.\.?(?:/\.\.)*)?/theme/js/[\w.-]+\.js" % re.escape(siteurl), src)) \
        and not tag.string


def scan_html(text: str, siteurl: str, page_token: int | None) -> list[tuple[set, str]]:
    """Every event handler, dangerous URL and active element in one HTML document."""
    soup = BeautifulSoup(text, "html.parser")
    found = []

    def hit(tag, what):
        found.append((markers_near(tag, page_token), f"{what}: {str(tag)[:160]}"))

    for tag in soup.find_all(True):
        name = tag.name.lower()
        for attr, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            a = attr.lower()
            if a.startswith("on"):
                hit(tag, f"<{name} {a}=…> event handler")
            elif a == "srcdoc":
                hit(tag, f"<{name} srcdoc>")
            elif a == "style" and re.search(r"expression\s*\(|javascript:|url\s*\(|@import|behavior", clean_url(value)):
                hit(tag, f"<{name} style> with active CSS")
            elif (a in URL_ATTRS or a.endswith(":href")) and clean_url(value).startswith(BAD_SCHEMES) \
                    and not allowed(tag, a, value):
                hit(tag, f"<{name} {a}={clean_url(value)[:30]}…> URL")
            elif a == "content" and name == "meta" and "refresh" in str(tag.get("http-equiv", "")).lower():
                hit(tag, "<meta refresh>")
        if name == "script" and not theme_script(tag, siteurl):
            hit(tag, "<script> not of the theme")
        elif name in ACTIVE_ELEMENTS:
            hit(tag, f"<{name}>")
        elif name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
            hit(tag, "<meta refresh>")
        elif name == "link" and "stylesheet" in (tag.get("rel") or []) and "/theme/css/" not in (tag.get("href") or ""):
            hit(tag, "<link stylesheet> not of the theme")
        elif name == "style" and re.search(r"@import|url\s*\(|expression|javascript:", tag.get_text()):
            hit(tag, "<style> with active CSS")
        elif name == "form" and not ({"search-box", "search-filters"} & set(tag.get("class") or [])):
            hit(tag, "<form> not of the theme")
    return found


def static_hits(corpus: Corpus, config: str) -> tuple[dict, list[str]]:
    build = corpus.builds[config]
    siteurl = f"http://127.0.0.1:{build.port}" if config == "publishconf" else ""
    hits, where = defaultdict(set), []
    for path in sorted(build.out.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
        tokens = TOKEN_RE.findall(h1.group(1)) if h1 else []
        page_token = int(tokens[0]) if len(tokens) == 1 else None
        for markers, what in scan_html(text, siteurl, page_token):
            rel = path.relative_to(build.out)
            for m in markers or {0}:
                hits[m // 1000].add(m % 1000)
            where.append(f"{rel}: {sorted(markers) or '?'} {what}")
    return hits, where


@pytest.mark.parametrize("config", CONFIGS)
def test_every_payload_is_either_published_or_refused(world, config):
    """The corpus is real: every payload file reached the site or was refused with a message
    (normaliser quarantine or validator); nothing vanished silently; the build wrote pages."""
    problems = []
    for corpus in world.corpora:
        build = corpus.builds[config]
        assert (build.out / "index.html").exists(), \
            f"{corpus.name}/{config}: no index.html (exit {build.returncode})\n{build.log[-4000:]}"
        published, refused = corpus.published(config), corpus.refused(config)
        for code in corpus.paths:
            tried = corpus.tried[code]
            quarantined = set(corpus.quarantined.get(code, {}))
            gone = tried - published[code] - refused[code] - quarantined
            REPORT["where"][(code, "counts", config)] = [len(tried), len(quarantined), len(refused[code] & tried),
                                                         len(published[code] & tried)]
            if gone:
                problems.append(f"[{code}] {corpus.paths[code]}: neither published nor reported: {sorted(gone)}")
        if build.returncode not in (0, 1):
            problems.append(f"{corpus.name}/{config}: pelican crashed with status {build.returncode}:\n"
                            + build.log[-3000:])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("config", CONFIGS)
def test_static_parse_finds_no_handler_url_or_active_element(world, config):
    report, where = defaultdict(set), []
    for corpus in world.corpora:
        hits, found = static_hits(corpus, config)
        for code, numbers in hits.items():
            report[code] |= numbers
            REPORT["static"][code][config] = REPORT["static"][code].get(config, set()) | numbers
        where += [f"{corpus.name}: {w}" for w in found]
    REPORT["where"][("static", config)] = where
    assert not where, (f"{config}: {len(where)} dangerous constructs in the output, by path:\n"
                       + describe(report) + "\nfirst ones:\n" + "\n".join(where[:60]))


# ---------------------------------------------------------------------------------------------
# Feeds (publishconf.py) and other XML

def test_feeds_are_well_formed_and_sanitised(world):
    problems, hits, feeds = [], defaultdict(set), 0
    import feedparser

    for corpus in world.corpora:
        build = corpus.builds["publishconf"]
        for path in sorted(build.out.rglob("*.xml")):
            rel = f"{corpus.name}/{path.relative_to(build.out)}"
            data = path.read_bytes()
            try:
                ET.fromstring(data)
            except ET.ParseError as exc:
                problems.append(f"{rel}: not well-formed XML: {exc}")
                continue
            if "sitemap" in path.name:
                continue
            feeds += 1
            parsed = feedparser.parse(data)
            if parsed.bozo:
                problems.append(f"{rel}: feedparser: {parsed.bozo_exception}")
            for entry in parsed.entries:
                token = TOKEN_RE.search(entry.get("title", "") + entry.get("summary", "") + str(entry.get("content")))
                page_token = int(token.group(1)) if token else None
                parts = [c.get("value", "") for c in entry.get("content", [])] + [entry.get("summary", "")]
                for part in parts:
                    for markers, what in scan_html(part, "", page_token):
                        for m in markers or {0}:
                            hits[m // 1000].add(m % 1000)
                        problems.append(f"{rel}: entry {entry.get('id', '?')}: {sorted(markers)} {what}")
                    if re.search(r"<\s*script", part, re.I):
                        problems.append(f"{rel}: entry {entry.get('id', '?')}: a <script> in the content")
    for code, numbers in hits.items():
        REPORT["feeds"][code]["publishconf"] = numbers
    REPORT["where"][("feeds",)] = problems
    assert feeds > 0, "publishconf.py wrote no feed"
    assert not problems, (f"{len(problems)} problems in the feeds, by path:\n" + describe(hits)
                          + "\nfirst ones:\n" + "\n".join(problems[:50]))


# ---------------------------------------------------------------------------------------------
# The marker file outside the content folder

def test_marker_file_outside_content_never_published(world):
    leaks = []
    for corpus in world.corpora:
        for config, build in corpus.builds.items():
            for path in build.out.rglob("*"):
                if path.is_file() and not path.is_symlink():
                    data = path.read_bytes()
                    if world.secret_text.encode() in data:
                        leaks.append(f"{corpus.name}/{config}: {path.relative_to(build.out)}")
                elif path.is_symlink():
                    leaks.append(f"{corpus.name}/{config}: symlink {path.relative_to(build.out)} -> {os.readlink(path)}")
    quarantine = world.scraped.base / "quarantine"
    kept = [str(p.relative_to(quarantine)) for p in quarantine.rglob("*")
            if p.is_file() and world.secret_text.encode() in p.read_bytes()] if quarantine.exists() else []
    if kept:
        REPORT["notes"].append(f"quarantine holds the marker file's text (the target of a symlink): {kept}")
    content = [str(p.relative_to(world.scraped.content)) for p in world.scraped.content.rglob("*.md")
               if world.secret_text in p.read_text(encoding="utf-8", errors="replace")]
    REPORT["where"][("secret",)] = leaks + [f"writes outside the output: {w}" for w in world.writes_outside] \
        + [f"normalised content holds the marker text: {c}" for c in content]
    assert not leaks and not content and not world.writes_outside, (
        "marker file outside the content folder:\n"
        + "\n".join(f"  in the output: {leak}" for leak in leaks)
        + "".join(f"\n  normalised into content/: {c}" for c in content)
        + "".join(f"\n  written outside the output folder: {w}" for w in world.writes_outside))


# ---------------------------------------------------------------------------------------------
# Chromium: every page loaded, every element hovered, focused and clicked

def sweep(jobs: list[tuple[str, str]]) -> SimpleNamespace:
    """tests/hostile/sweep.py in a process (and process group) of its own, killed at SWEEP_SECONDS."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs_file, out_file = Path(tmp, "jobs.json"), Path(tmp, "traces.json")
        jobs_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.Popen([sys.executable, str(HOSTILE / "sweep.py"), str(jobs_file), str(out_file)],
                                start_new_session=True)
        try:
            code = proc.wait(timeout=SWEEP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail(f"the Chromium sweep of {len(jobs)} pages did not end within {SWEEP_SECONDS} s")
        assert code == 0, f"the Chromium sweep failed (exit {code}); its error is printed above"
        record = json.loads(out_file.read_text(encoding="utf-8"))
    markers = defaultdict(set, {int(m): set(where) for m, where in record.pop("markers").items()})
    return SimpleNamespace(markers=markers, **record)


SWEEP_SECONDS = 1500  # a whole sweep: the test fails with a time-out rather than holding CI


def page_jobs(corpus: Corpus, config: str) -> list[tuple[str, str]]:
    """Every generated page of the build: articles, pages, every page of every listing (home,
    province, mission, tag, year, month, fiscal year), indexes, search and 404."""
    build = corpus.builds[config]
    base = f"http://127.0.0.1:{build.port}/"
    jobs = []
    for path in sorted(build.out.rglob("*.html")):
        rel = path.relative_to(build.out).as_posix()
        url = base + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
        jobs.append((f"{corpus.name}/{config}/{rel}", url))
    return jobs


def search_jobs(corpus: Corpus, config: str) -> list[tuple[str, str]]:
    """The search page: every payload as the query, and per path every result (titles, excerpts,
    links) of a query that finds them all."""
    build = corpus.builds[config]
    base = f"http://127.0.0.1:{build.port}/search/"
    jobs = []
    if corpus.name == "officer":
        for group in GROUPS:
            q = " ".join(render(p, 41) for p in group)
            jobs.append((f"{config}: search ?q= payloads {[p['n'] for p in group]}",
                         base + "?" + urllib.parse.urlencode({"q": q})))
    for code in corpus.paths:
        jobs.append((f"{corpus.name}/{config}: search results of [{code}]",
                     base + "?" + urllib.parse.urlencode({"q": "ทดสอบ", "year": year_of(code)})))
    return jobs


def check_chromium():
    if shutil.which("chromium") is None:
        pytest.fail("Chromium is not installed (apt-get install chromium)")


@pytest.mark.browser
@pytest.mark.parametrize("config", CONFIGS)
def test_no_payload_runs_in_chromium(world, config):
    check_chromium()
    jobs = []
    for corpus in world.corpora:
        jobs += page_jobs(corpus, config) + search_jobs(corpus, config)
    traces = sweep(jobs)
    ran = by_marker(traces.markers)
    for code, numbers in ran.items():
        REPORT["ran"][code][config] = numbers
    REPORT["where"][("ran", config)] = [f"{m}: {sorted(w)[:3]}" for m, w in sorted(traces.markers.items())]
    REPORT["notes"].append(f"{config}: {traces.pages} of {len(jobs)} page loads done; "
                           f"{len(traces.foreign)} foreign requests; {len(traces.errors)} errors")
    REPORT["where"][("errors", config)] = traces.errors[:100]
    assert traces.pages >= len(jobs) * 0.95, "pages failed to load:\n" + "\n".join(traces.errors[:30])
    # a search that never finished showed no results to poke: its payloads were not tried
    unfinished = [e for e in traces.errors if "search did not finish" in e]
    assert not unfinished, "searches that never finished:\n" + "\n".join(unfinished[:30])
    foreign = [f for f in traces.foreign]
    assert not ran and not traces.other_dialogs and not foreign, (
        f"{config}: payloads ran in Chromium ({len(traces.markers)} markers over {traces.pages} pages), by path:\n"
        + describe(ran)
        + "\nwhere (first page of each):\n"
        + "\n".join(f"  {m}: {sorted(w)[0]}" for m, w in sorted(traces.markers.items())[:80])
        + ("\nother dialogs:\n  " + "\n  ".join(traces.other_dialogs[:20]) if traces.other_dialogs else "")
        + ("\nrequests to other hosts / popups:\n  " + "\n  ".join(foreign[:30]) if foreign else ""))


# Positive control: the harness sees payloads that do run. Each payload is put raw into a bare page
# (no site, no sanitiser); these kinds must be seen running, or the browser tests above prove nothing.
MUST_RUN = ("script", "script mixed case", "script src remote", "img onerror", "img onerror entity-encoded",
            "svg onload", "svg xlink javascript", "details ontoggle", "video source onerror",
            "input autofocus onfocus", "div onmouseover", "button onclick", "a javascript",
            "a javascript decimal entities", "a javascript literal tab", "iframe javascript",
            "iframe data text/html", "iframe srcdoc", "form action javascript", "button formaction",
            "area javascript", "link stylesheet remote", "comment trick", "noscript mXSS",
            "md link javascript", "md link angle brackets", "md reference link", "md link inline html")


@pytest.mark.browser
def test_harness_sees_payloads_run_in_a_bare_page(tmp_path):
    """Each group of payloads raw in a bare page (marker 99xxx), and rendered by plain Python-Markdown
    (no sanitiser; marker 98xxx): the harness must see the live ones run."""
    import markdown

    check_chromium()
    head = "<!DOCTYPE html><html><head><meta charset=utf-8><title>control</title></head><body>"
    for i, group in enumerate(GROUPS):  # grouped as in the corpora: this shows grouping hides nothing
        (tmp_path / f"raw-{i}.html").write_text(
            head + "<p>x</p>" + "".join(f"<p>{render(p, 99)}</p>" for p in group) + "<p>y</p></body></html>",
            encoding="utf-8")
        (tmp_path / f"md-{i}.html").write_text(
            head + markdown.markdown("x\n\n" + "\n\n".join(render(p, 98) for p in group) + "\n\ny")
            + "</body></html>", encoding="utf-8")
    httpd = serve(tmp_path)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        traces = sweep([(f"{kind} group {i}", f"{base}{kind}-{i}.html")
                        for i in range(len(GROUPS)) for kind in ("raw", "md")])
    finally:
        httpd.shutdown()
        httpd.server_close()
    live = {m % 1000 for m in traces.markers if m // 1000 in (98, 99)}
    REPORT["live"] = live
    names = {p["name"]: p["n"] for p in PAYLOADS}
    missed = [name for name in MUST_RUN if names[name] not in live]
    assert not missed and len(live) >= 60, (
        f"the harness saw {len(live)} of {len(PAYLOADS)} payloads run; not seen: {missed}\n"
        + "\n".join(traces.errors[:20]))


# ---------------------------------------------------------------------------------------------

def test_zz_report(world):
    """The per-path table (always passes when the figures exist: the other tests hold the asserts)."""
    rows = ["| path | payloads | quarantined | refused (validator) | published | ran (dev/prod) | static hits (dev/prod) | feed hits |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for corpus in world.corpora:
        published = {c: corpus.published(c) for c in CONFIGS}
        refused = {c: corpus.refused(c) for c in CONFIGS}
        for code in sorted(corpus.paths):
            tried = corpus.tried[code]
            ran = REPORT["ran"].get(code, {})
            static = REPORT["static"].get(code, {})
            feeds = REPORT["feeds"].get(code, {}).get("publishconf", set())
            rows.append(
                f"| [{code}] {corpus.paths[code]} | {len(tried)} | {len(corpus.quarantined.get(code, {}))} | "
                f"{len(refused['pelicanconf'][code] & tried)} | {len(published['pelicanconf'][code] & tried)} | "
                f"{len(ran.get('pelicanconf', ()))}/{len(ran.get('publishconf', ()))} | "
                f"{len(static.get('pelicanconf', ()))}/{len(static.get('publishconf', ()))} | {len(feeds)} |")
    ran = REPORT["ran"].get(41, {})
    rows.append(f"| [41] {PATHS[41]} | {len(PAYLOADS)} | - | - | - | "
                f"{len(ran.get('pelicanconf', ()))}/{len(ran.get('publishconf', ()))} | - | - |")
    live = REPORT.get("live")
    lines = ["# Hostile corpus", "", f"{len(PAYLOADS)} payloads; "
             + (f"{len(live)} of them run in Chromium when put raw into a bare page or rendered by plain "
                "Python-Markdown (the positive control)."
                if live is not None else "positive control not run."), "", *rows, ""]
    for code in sorted(set(REPORT["ran"]) | set(REPORT["static"]) | set(REPORT["feeds"])):
        for kind in ("ran", "static", "feeds"):
            for config, numbers in sorted(REPORT[kind].get(code, {}).items()):
                if numbers:
                    lines.append(f"- {kind} [{code}] {PATHS.get(code, code)} ({config}): {sorted(numbers)}")
    lines += ["", "## where", ""]
    for key, values in REPORT["where"].items():
        if isinstance(values, list):
            lines += [f"### {key}", *[f"- {v}" for v in values[:300]], ""]
    lines += ["## notes", *[f"- {n}" for n in REPORT["notes"]],
              "- builds: " + ", ".join(f"{c.name}/{k} exit {c.builds[k].returncode}" for c in world.corpora for k in CONFIGS)]
    text = "\n".join(lines) + "\n"
    target = os.environ.get("HOSTILE_REPORT")
    if target:
        Path(target).write_text(text, encoding="utf-8")
    print("\n" + text[:20000])
    assert len(PAYLOADS) >= 60
