"""Scraped text never becomes markup: links, images, HTML, Pelican references and block syntax in a
post's text come out of the normaliser as the same visible text, and a Pelican build of it reads and
copies no file (issue 10). Control, zero-width and bidi characters never reach the front matter."""
import html
import json
import re
import subprocess
import sys

import markdown
import pytest
from bs4 import BeautifulSoup

from cdd_thai import validation
from scripts.ingest.clean import _STRIPPED, decode, strip_invisible
from scripts.ingest.pipeline import escape_line, markdown_body
from scripts.normalize import normalize_paths

# Pelican's Markdown reader: its default extensions (codehilite, extra) and meta, plus toc.
EXTENSIONS = ["markdown.extensions.codehilite", "markdown.extensions.extra", "markdown.extensions.toc"]

PAYLOADS = [
    "[x](javascript:alert(1))", "![ภาพ](http://evil.example/x.png)", "<http://evil.example/>",
    "<https://evil.example/a>", "[x]({attach}../../../../etc/passwd)", "![i]({static}/../../etc/passwd)",
    "[y]({filename}/../pelicanconf.py)", "[z](|filename|../x.md)", "{tag}ข่าว {category}x {author}y {index}",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt; &amp; &#106;avascript:",
    "# หัวข้อปลอม", "## h2", "> อ้างอิง", "* รายการ", "+ รายการ", "1. ข้อแรก", "2) ข้อสอง", "---", "***", "___",
    "===", "`code` ``x``", "*เอียง* _ขีด_ __หนา__", "a\\*b\\", "ข้อความ{: onclick=alert(1)}", "{#id .cls}",
    ": นิยาม", "~~~", "```python", "[^1]", "*[HTML]: Hyper", "a | b | c", "[TOC]", "[ref]: http://evil.example/",
    "https://example.com/a_b_c_(d)", "ข่าว ณ ห้องประชุม (ชั้น 2) วันที่ 1. 2565.", "    ย่อหน้าเยื้อง",
    "<!-- comment -->", "<div markdown=\"1\">*x*</div>", "\\[x\\](y)", "**[x](y)**",
]


def rendered_text(md: str) -> tuple[str, set[str], str]:
    out = markdown.markdown(md, extensions=EXTENSIONS)
    return html.unescape(re.sub(r"<[^>]+>", "", out)).strip(), set(re.findall(r"<(\w+)", out)), out


@pytest.mark.parametrize("line", PAYLOADS)
def test_a_line_of_text_renders_as_exactly_that_text(line):
    text, tags, out = rendered_text(markdown_body([line]))
    assert text == line.strip()
    assert tags <= {"p"}, out
    assert not re.search(r"<[^>]*\s(?:href|src|on\w+)=", out), out


@pytest.mark.parametrize("line", PAYLOADS)
def test_the_summary_line_renders_as_exactly_that_text(line):
    text, tags, out = rendered_text(escape_line(line))
    assert text == line.strip()
    assert tags <= {"p"}, out


def test_bullets_stay_a_list_of_text():
    text, tags, out = rendered_text(markdown_body(["- [x](javascript:y)", "– # b", "- 1. c"]))
    assert tags == {"ul", "li"} and out.count("<li>") == 3
    assert text.split("\n") == ["[x](javascript:y)", "# b", "1. c"]


def test_invisible_and_control_characters_are_removed_and_utf16_is_read():
    text = "หัว\u200bข้อ\u202eข่าว\u2066x\u2069\u200d\ufeff\x07\x1b\x9b\x7f ok\u2028บรรทัด\x0cหน้า"
    assert decode(text.encode("utf-8"), "x") == "หัวข้อข่าวx ok\nบรรทัด\nหน้า"
    with pytest.raises(ValueError, match="binary"):
        decode("ข่าว\x00".encode("utf-8"), "x")  # NUL in UTF-8: a binary file
    assert decode("\ufeffข่าว ก".encode("utf-16-le"), "x") == "ข่าว ก"
    assert decode("ข่าว ก".encode("utf-16"), "x") == "ข่าว ก"  # with its BOM
    assert decode("\ufeffข่าว".encode("utf-8"), "x") == "ข่าว"


def test_every_character_strip_invisible_takes_is_unprintable():
    # strip_invisible returns a printable text (every line, every front-matter value) untouched at once
    taken = _STRIPPED.findall("".join(map(chr, range(0x110000))))
    assert len(taken) > 200 and not any(char.isprintable() for char in taken)
    assert strip_invisible("ข่าว\u200bวันนี้\u2028") == "ข่าววันนี้\n" and strip_invisible("ข่าว ok") == "ข่าว ok"


PAGE = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>x</title></head><body><article>
<h1 class="entry-title">{title}</h1><div class="entry-content"><p>{lead}</p><p>{more}</p></div></article></body></html>"""
LEAD = ("เมื่อวันที่ 15 มีนาคม 2564 นายสมชาย ใจดี พัฒนาการจังหวัดขอนแก่น ลงพื้นที่ติดตามการแก้ไขปัญหาความยากจน"
        " ณ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")


def scraped_post(folder, name, *, title, lead=LEAD, more="", sidecar_title=None, url=None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_text(PAGE.format(title=html.escape(title), lead=html.escape(lead),
                                                     more=html.escape(more)), encoding="utf-8")
    meta = {"url": url or f"https://province.cdd.go.th/khonkaen/2021/03/16/{name}/",
            "title": sidecar_title if sidecar_title is not None else title, "published": "2021-03-16T08:00:00"}
    (folder / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def test_a_headline_cannot_add_header_fields_or_hide_characters(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    evil = ("พช.ขอนแก่น\u202e ลงพื้นที่\u200b ติดตาม\nStatus: draft\r\nTemplate: x\x0bSave_as: ../../x\u2028"
            "URL: javascript:alert(1)\x00\x1f\x85Slug: pwned")
    scraped_post(raw, "wp-1", title="x", sidecar_title=evil, url="https://s.example/a\nStatus: draft\u202e")
    (r,) = normalize_paths([raw], out, tmp_path / "review")
    assert r.status == "ok", r.error
    text = (out / r.output.split(str(out) + "/")[1]).read_text(encoding="utf-8")
    header = validation.parse_header(text)
    assert set(header.fields) == {"title", "date", "published", "provinces", "missions", "tags", "people",
                                  "source", "summary", "slug", "lang"}, header.fields
    assert not header.problems
    title = header.value("title")
    assert title.startswith("พช.ขอนแก่น ลงพื้นที่ ติดตาม Status: draft Template: x Save_as")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]", text)
    assert header.value("slug").startswith("2021-03-15-khon-kaen-")


MARKER = "MARKER-OUTSIDE-CONTENT-5b1e"
REFERENCES = [
    "[แนบ]({attach}../../../../secret/marker.txt)",
    "![ภาพ]({attach}../../../../secret/marker.txt)",
    "[static]({static}/../../secret/marker.txt)",
    "[file]({filename}/../../secret/marker.txt)",
    "[old](|filename|../../../../secret/marker.txt)",
    "[attach-abs]({attach}/../../secret/marker.txt)",
    '<a href="{attach}../../../../secret/marker.txt">a</a>',
    '<img src="|static|../../../../secret/marker.txt">',
]
SETTINGS = """PATH = "content"
ARTICLE_PATHS = ["articles"]
PLUGINS = []
TIMEZONE = "Asia/Bangkok"
SITEURL = ""
RELATIVE_URLS = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""


def pelican(site):
    return subprocess.run([sys.executable, "-m", "pelican", str(site / "content"), "-o", str(site / "output"),
                           "-s", str(site / "settings.py")], capture_output=True, text=True, cwd=site)


def files_with_marker(root):
    return sorted(str(p) for p in root.rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes())


@pytest.mark.build
def test_references_in_scraped_text_copy_no_file_into_the_site(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "marker.txt").write_text(MARKER + "\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "settings.py").write_text(SETTINGS, encoding="utf-8")

    # The control: the same references written as Markdown by hand do make Pelican copy the file.
    control = tmp_path / "control"
    (control / "content" / "articles").mkdir(parents=True)
    (control / "settings.py").write_text(SETTINGS, encoding="utf-8")
    (control / "content" / "articles" / "2021").mkdir()
    (control / "content" / "articles" / "2021" / "a.md").write_text(
        "Title: t\nDate: 2021-03-15\n\n" + " ".join(REFERENCES[:1]) + "\n", encoding="utf-8")
    assert pelican(control).returncode == 0
    assert files_with_marker(control / "output"), "the test would not see a copied file"

    # Scraped posts carrying every reference: in the lead (so in Summary too), in the body, in the title.
    raw = tmp_path / "raw"
    for i, ref in enumerate(REFERENCES):
        scraped_post(raw, f"wp-{i}", title=f"พช.ขอนแก่น ข่าวที่ {i} {ref}", lead=f"{LEAD} {ref}", more=ref)
    results = list(normalize_paths([raw], site / "content" / "articles", tmp_path / "review"))
    assert [r.status for r in results] == ["ok"] * len(REFERENCES), [r.error for r in results]
    before = sorted(p for p in tmp_path.rglob("*") if "output" not in p.parts)
    build = pelican(site)
    assert build.returncode == 0, build.stderr
    assert files_with_marker(site / "output") == []
    assert not list((site / "output").rglob("marker.txt"))
    assert sorted(p for p in tmp_path.rglob("*") if "output" not in p.parts) == before, "written outside"
    # ...and the text is still there, to be read as it was written.
    pages = " ".join(p.read_text(encoding="utf-8") for p in (site / "output").rglob("*.html"))
    shown = html.unescape(re.sub(r"<[^>]+>", "", pages))
    for ref in REFERENCES[:6]:
        assert ref in shown, ref
    soup = BeautifulSoup(pages, "html.parser")  # the real tags, not text that looks like one
    links = [tag.get(a) for tag in soup.find_all(True) for a in ("href", "src") if tag.get(a)]
    assert links and not [u for u in links if re.search(r"attach|static|filename|marker|javascript", u)]
