"""The normaliser keeps a scraped post's photos: checked with Pillow, copied by hash, written as figures."""
from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from cdd_images.check import ImageRejected, check_image
from cdd_thai.safe_html import clean_html
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]

URL = "https://khonkaen.cdd.go.th/2020/10/30/post-1/"


def jpeg(width=64, height=48, color=(200, 30, 30), exif=True) -> bytes:
    im = Image.new("RGB", (width, height), color)
    out = io.BytesIO()
    if exif:
        ex = Image.Exif()
        ex[0x010F] = "CameraMaker"
        ex[0x0112] = 6  # orientation: rotate
        gps = {1: "N", 2: (16.0, 26.0, 0.0), 3: "E", 4: (102.0, 50.0, 0.0)}
        ex[0x8825] = gps
        im.save(out, "JPEG", exif=ex)
    else:
        im.save(out, "JPEG")
    return out.getvalue()


def png(width=40, height=30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 120, 0)).save(out, "PNG")
    return out.getvalue()


def bomb() -> bytes:
    # 20000 x 20000 of one colour: a tiny PNG that decodes to 400 megapixels (over Pillow's limit)
    out = io.BytesIO()
    Image.new("1", (15000, 15000)).save(out, "PNG", optimize=True)
    return out.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'

BODY = ("วันนี้ (30 ตุลาคม 2563) นายสมชาย ใจดี พัฒนาการจังหวัดขอนแก่น เป็นประธานเปิดการอบรมเพิ่มศักยภาพ"
        "ผู้นำกลุ่มออมทรัพย์เพื่อการผลิต ณ ห้องประชุมสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น อำเภอเมืองขอนแก่น")
SECOND = "โดยมีผู้เข้าร่วมการอบรม จำนวน 80 คน ประกอบด้วยคณะกรรมการกลุ่มออมทรัพย์เพื่อการผลิตจากทุกอำเภอ"
THIRD = "ทั้งนี้ สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น จะติดตามผลการดำเนินงานของกลุ่มต่อไป"


def page(content: str) -> str:
    return ("<!DOCTYPE html><html lang=th><head><meta charset=utf-8><title>พช.ขอนแก่น อบรมผู้นำกลุ่มออมทรัพย์</title>"
            f'<link rel="canonical" href="{URL}"><meta property="article:published_time" content="2020-10-30">'
            '</head><body><article><h1 class="entry-title">พช.ขอนแก่น อบรมผู้นำกลุ่มออมทรัพย์</h1>'
            f'<div class="entry-content">{content}</div></article></body></html>')


CONTENT = (
    '<figure class="wp-block-image"><img src="https://khonkaen.cdd.go.th/wp-content/uploads/lead-1024x768.jpg"'
    ' alt="ภาพกิจกรรม จังหวัดขอนแก่น"><figcaption>ประธานเปิดการอบรม &lt;script&gt;alert(1)&lt;/script&gt; *x*</figcaption></figure>'
    f"<p>{BODY}</p>"
    '<img src="https://khonkaen.cdd.go.th/wp-content/uploads/broken.jpg" alt="เสีย">'
    f"<p>{SECOND}</p>"
    '<div class="gallery"><figure class="gallery-item"><a href="https://khonkaen.cdd.go.th/wp-content/uploads/g1.png">'
    '<img src="https://khonkaen.cdd.go.th/wp-content/uploads/g1-150x150.png" alt="ผู้เข้าร่วม &quot;อบรม&quot; [x](javascript:alert(1))"></a>'
    '<figcaption class="wp-caption-text gallery-caption">ผู้เข้าร่วม</figcaption></figure>'
    '<figure class="gallery-item"><a href="https://khonkaen.cdd.go.th/wp-content/uploads/bomb.png">'
    '<img src="https://khonkaen.cdd.go.th/wp-content/uploads/bomb-150x150.png" alt="ระเบิด"></a></figure>'
    '<figure class="gallery-item"><img src="https://khonkaen.cdd.go.th/wp-content/uploads/logo.svg" alt="โลโก้"></figure>'
    '<figure class="gallery-item"><img src="https://khonkaen.cdd.go.th/wp-content/uploads/lies.jpg" alt="โกหก"></figure></div>'
    f"<p>{THIRD}</p>"
)


def store(folder: Path, name: str, data: bytes, url: str, ext: str) -> str:
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    (images / f"{sha}.{ext}").write_bytes(data)
    (images / f"{sha}.{ext}.json").write_text(json.dumps({"url": url, "alt": "", "caption": ""}), encoding="utf-8")
    return sha


def run(inputs: list[Path], out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/normalize.py"), "--json", "-o", str(out),
                           "--quarantine", str(out.parent / "review"), *map(str, inputs)],
                          capture_output=True, text=True, env={"PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1",
                                                                "PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"})


@pytest.fixture()
def scraped(tmp_path):
    site = tmp_path / "raw" / "khonkaen"
    site.mkdir(parents=True)
    (site / "wp-1.html").write_text(page(CONTENT), encoding="utf-8")
    (site / "wp-1.meta.json").write_text(json.dumps({"url": URL, "published": "2020-10-30"}), encoding="utf-8")
    base = "https://khonkaen.cdd.go.th/wp-content/uploads/"
    shas = {"lead": store(site, "lead", jpeg(), base + "lead.jpg", "jpg"),
            "g1": store(site, "g1", png(), base + "g1.png", "png"),
            "broken": store(site, "broken", jpeg()[:300], base + "broken.jpg", "jpg"),
            "bomb": store(site, "bomb", bomb(), base + "bomb.png", "png"),
            "svg": store(site, "svg", SVG, base + "logo.svg", "jpg"),
            "lies": store(site, "lies", png(41, 31), base + "lies.jpg", "jpg")}
    return tmp_path, site, shas


def test_check_image_refuses_the_hostile_ones():
    assert check_image(jpeg()).ext == "jpg"
    assert (check_image(png()).width, check_image(png()).height) == (40, 30)
    for data, word in ((jpeg()[:300], "truncated"), (bomb(), "too many pixels"), (SVG, "SVG"),
                       (b"GIF89a" + b"\0" * 40, "not a JPEG"), (b"x" * (16 * 2**20), "over")):
        with pytest.raises(ImageRejected, match=word):
            check_image(data)


@pytest.mark.slow  # runs normalize.py as a process
def test_photos_become_figures_in_reading_order(scraped):
    tmp, site, shas = scraped
    done = run([site / "wp-1.html"], tmp / "content" / "articles")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout.splitlines()[0])
    assert record["status"] == "ok"
    text = Path(record["output"]).read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    assert f"Image: /images/{shas['lead']}.jpg" in head.splitlines()
    figures = re.findall(r"<figure>.*?</figure>", body)
    assert len(figures) == 3  # lead, gallery photo, the PNG named .jpg; broken, bomb and svg left out
    assert body.index(shas["lead"]) < body.index("วันนี้") < body.index("โดยมีผู้เข้าร่วม") < body.index(shas["g1"]) \
        < body.index("ทั้งนี้")
    assert 'alt="ภาพกิจกรรม จังหวัดขอนแก่น" width="64" height="48"' in figures[0]
    # caption and alt are text: escaped, never markup
    assert "<figcaption>ประธานเปิดการอบรม &lt;script&gt;alert(1)&lt;/script&gt; *x*</figcaption>" in figures[0]
    assert 'alt="ผู้เข้าร่วม &quot;อบรม&quot; [x](javascript:alert(1))"' in figures[1]
    assert "<figcaption>ผู้เข้าร่วม</figcaption>" in figures[1]
    images = tmp / "content" / "images"
    assert sorted(p.name for p in images.iterdir()) == sorted([f"{shas['lead']}.jpg", f"{shas['g1']}.png",
                                                              f"{shas['lies']}.png"])
    assert f'src="/images/{shas["lies"]}.png" alt="โกหก" width="41" height="31"' in figures[2]
    assert (images / f"{shas['lead']}.jpg").read_bytes() == (site / "images" / f"{shas['lead']}.jpg").read_bytes()
    for bad in ("broken", "bomb", "svg", "lies"):
        assert shas[bad] in done.stderr  # the file is named
    assert "ภาพไม่เผยแพร่ / image not published" in done.stderr and "SVG" in done.stderr
    assert "the bytes are PNG" in done.stderr
    # What Pelican makes of it keeps the figures through the sanitiser, and no script
    html = clean_html(markdown.markdown(body, extensions=["extra"]))
    assert html.count("<img") == 3 and f'src="/images/{shas["g1"]}.png"' in html
    assert "<script" not in html and "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    # a re-run is byte-identical
    again = run([site / "wp-1.html"], tmp / "content" / "articles")
    assert Path(record["output"]).read_text(encoding="utf-8") == text and again.returncode == 0


@pytest.mark.slow  # runs normalize.py as a process
def test_without_stored_photos_the_article_is_unchanged(scraped, tmp_path):
    tmp, site, _shas = scraped
    with_photos = run([site / "wp-1.html"], tmp / "a" / "articles")
    plain_site = tmp / "plain" / "khonkaen"
    plain_site.mkdir(parents=True)
    text_only = page(f"<p>{BODY}</p><p>{SECOND}</p><p>{THIRD}</p>")
    (plain_site / "wp-1.html").write_text(text_only, encoding="utf-8")
    (plain_site / "wp-1.meta.json").write_text((site / "wp-1.meta.json").read_text())
    (site / "nophotos").mkdir()
    (site / "nophotos" / "wp-1.html").write_text(page(CONTENT), encoding="utf-8")  # photos not downloaded
    (site / "nophotos" / "wp-1.meta.json").write_text((site / "wp-1.meta.json").read_text())
    # the page without its img tags is what the normaliser read before photos were kept
    (site / "noimg").mkdir()
    (site / "noimg" / "wp-1.html").write_text(page(re.sub(r"<img[^>]*>", "", CONTENT)), encoding="utf-8")
    (site / "noimg" / "wp-1.meta.json").write_text((site / "wp-1.meta.json").read_text())
    plain = run([plain_site / "wp-1.html"], tmp / "b" / "articles")
    missing = run([site / "nophotos" / "wp-1.html"], tmp / "c" / "articles")
    noimg = run([site / "noimg" / "wp-1.html"], tmp / "d" / "articles")
    a = Path(json.loads(plain.stdout)["output"]).read_text(encoding="utf-8")
    b = Path(json.loads(missing.stdout)["output"]).read_text(encoding="utf-8")
    c = Path(json.loads(with_photos.stdout)["output"]).read_text(encoding="utf-8")
    assert b == Path(json.loads(noimg.stdout)["output"]).read_text(encoding="utf-8")
    assert "<figure" not in b and "Image:" not in b and "ประธานเปิดการอบรม" in b  # the caption stays text
    # with the photos, the captions move into the figures: the text is that of the page without them
    assert re.sub(r"<figure>.*?</figure>\n\n", "", c).replace(c.split("\n")[next(
        i for i, l in enumerate(c.split("\n")) if l.startswith("Image:"))] + "\n", "") == a
    assert not (tmp / "b" / "images").exists()
