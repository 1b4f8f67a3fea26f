"""Issue 16's done-when, in real Chromium: local mode (scripts/edit.py: decap-server and the
autoreloading site, on 127.0.0.1) on a temporary copy of the project's content. An officer opens
/admin/, is stopped when required fields are empty, then writes an article in Thai with a province and a
mission picked from the lists and a photo uploaded, and publishes it: the Markdown file appears under
content/articles/YYYY/, passes the validator, and the rebuilt site lists it on its province and
mission pages, with the photo (named by its SHA-256 as the normaliser names photos, so it is the article's
lead photo and og:image). The repository's own content/ is never written.
Screenshots go to $ADMIN_SCREENSHOTS when it is set.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import struct
import time
import zlib
from pathlib import Path

import pytest

from cdd_thai import missions, validation

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.build]

ROOT = Path(__file__).resolve().parent.parent
TITLE = "พช.ขอนแก่น จัดอบรมการทอผ้าไทยให้กลุ่มสตรี บ้านโนนสวรรค์"
BODY = ("สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น จัดอบรมการทอผ้าไทยลายสร้างสรรค์ ณ ศาลาประชาคมอำเภอเมืองขอนแก่น",
        "มีสมาชิกกลุ่มสตรีเข้าร่วม ๕๐ คน")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_png(path: Path, width: int = 16, height: int = 12) -> None:
    raw = b"".join(b"\x00" + b"\xcc\x66\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def local_mode(tmp_path):
    """scripts/edit.py's servers on a copy of content/ (articles only) under tmp_path/project."""
    from scripts import edit

    if shutil.which("node") is None or not edit.BUNDLE.is_file() or not edit.DECAP_SERVER.is_file():
        pytest.fail("node and npm ci's decap-cms/decap-server are needed (make setup)")
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content" / "articles", project / "content" / "articles")
    output = project / "output"
    port, cms_port = free_port(), free_port()
    log = open(tmp_path / "servers.log", "w")
    processes = edit.start(project, output, ROOT / "pelicanconf.py", port, cms_port, log=log)
    try:
        wait_for(lambda: (output / "admin" / "config.yml").is_file() and (output / "index.html").is_file(),
                 300, "the first build")
        yield {"project": project, "output": output, "url": f"http://127.0.0.1:{port}",
               "log": tmp_path / "servers.log"}
    finally:
        edit.stop(processes)
        log.close()
    for process in processes:
        assert process.poll() is not None


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def shot(page, name: str) -> None:
    folder = os.environ.get("ADMIN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def pick(page, field: str, typed: str, option: str) -> None:
    """Type into a searchable select and click the option shown."""
    page.locator(f"input[id^={field}-field]").fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


def test_an_officer_writes_and_publishes_an_article_in_the_browser(local_mode, page, tmp_path):
    project, output, url = local_mode["project"], local_mode["output"], local_mode["url"]
    before = set((project / "content").rglob("*"))
    requests = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()  # local mode: no account, no password
    page.get_by_text("ข่าวประชาสัมพันธ์ของกรมการพัฒนาชุมชน").first.wait_for()  # the collection, in Thai
    page.goto(f"{url}/admin/#/collections/articles/new")

    # Required fields are enforced: a headline alone is not published.
    page.get_by_label("หัวข้อข่าว").fill(TITLE)
    page.get_by_role("button", name="เผยแพร่").first.click()
    page.get_by_role("menuitem", name="เผยแพร่ตอนนี้").click()
    page.get_by_text("จำเป็นต้องระบุ วันที่จัดกิจกรรม").wait_for()
    time.sleep(1)
    assert set((project / "content").rglob("*.md")) == {p for p in before if p.suffix == ".md"}

    # A date the validator refuses (in the future) is refused on saving, with the validator's words.
    page.get_by_label("วันที่จัดกิจกรรม").fill("2999-01-01")
    pick(page, "provinces", "ขอนแก่น", "ขอนแก่น (Khon Kaen)")
    page.get_by_role("button", name="เผยแพร่").first.click()
    page.get_by_role("menuitem", name="เผยแพร่ตอนนี้").click()
    page.get_by_text("วันที่อยู่ในอนาคต", exact=False).first.wait_for()
    time.sleep(1)
    assert set((project / "content").rglob("*.md")) == {p for p in before if p.suffix == ".md"}

    page.get_by_label("วันที่จัดกิจกรรม").fill("2024-03-15")
    pick(page, "missions", "ผ้า", missions.mission_by_slug("thai-textiles").name_th)
    page.get_by_label("แท็ก").fill("ผ้าไทย, กลุ่มสตรี")
    page.get_by_label("บุคคล").fill("นางสาวสมศรี ทอดี พัฒนาการจังหวัดขอนแก่น")
    page.get_by_label("สรุปข่าว").fill("กลุ่มสตรีบ้านโนนสวรรค์เรียนการทอผ้าไทยลายสร้างสรรค์")

    # A file that is not a photo is refused with the reason, before anything is uploaded.
    fake = tmp_path / "not-a-photo.png"
    fake.write_text("ไม่ใช่ภาพ", encoding="utf-8")
    page.get_by_role("button", name="เลือกรูปภาพ").click()
    with page.expect_event("dialog") as refused:
        page.locator("input[type=file]").set_input_files(str(fake))
    assert "not-a-photo.png: ไม่ใช่ภาพ JPEG, PNG หรือ WebP" in refused.value.message
    refused.value.dismiss()
    time.sleep(1)
    assert not (project / "content" / "images").exists() or not list((project / "content" / "images").iterdir())

    photo = tmp_path / "ภาพทอผ้า.png"  # a Thai file name, as officers name them
    write_png(photo)
    name = f"{hashlib.sha256(photo.read_bytes()).hexdigest()}.png"
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_text(name).wait_for()
    page.get_by_role("button", name="เลือกข้อมูลที่ถูกเลือก").click()

    page.locator("[data-slate-editor]").click()
    page.keyboard.type(BODY[0])
    page.keyboard.press("Enter")
    page.keyboard.type(BODY[1])

    # The preview: the site's stylesheet and the date in Buddhist Era.
    preview = page.frame_locator("iframe").first
    preview.get_by_text("15 มีนาคม 2567").wait_for()
    preview.get_by_role("heading", name=TITLE).wait_for()
    shot(page, "admin-new-article")

    page.get_by_role("button", name="เผยแพร่").first.click()
    page.get_by_role("menuitem", name="เผยแพร่ตอนนี้").click()

    written = project / "content" / "articles" / "2024"
    article = wait_for(lambda: next(iter(written.glob("2024-03-15-khon-kaen-*.md")), None), 60, "the saved article")
    image = project / "content" / "images" / name
    wait_for(image.is_file, 30, "the uploaded photo")
    assert image.read_bytes() == photo.read_bytes()
    # the repository's own content/ is not touched
    assert not (ROOT / "content" / "images" / name).exists()
    assert not list((ROOT / "content" / "articles").rglob("2024-03-15-khon-kaen-*.md"))

    # The file passes the validator and says what the officer picked.
    assert validation.errors(validation.check_files([project / "content"])) == []
    header = validation.parse_header(article.read_text(encoding="utf-8"))
    assert header.value("title") == TITLE
    assert header.value("date") == "2024-03-15"
    assert header.value("provinces") == "ขอนแก่น"
    assert header.value("missions") == "thai-textiles"
    assert header.value("image") == f"/images/{name}"
    assert header.value("slug") == article.stem
    text = article.read_text(encoding="utf-8")
    assert BODY[0] in text and BODY[1] in text

    # The autoreloading build publishes it on its province and mission pages, with the photo.
    slug = article.stem
    province_page = output / "province" / "khon-kaen" / "index.html"
    mission_page = output / "mission" / "thai-textiles" / "index.html"
    wait_for(lambda: province_page.is_file() and slug in province_page.read_text(encoding="utf-8")
             and mission_page.is_file() and slug in mission_page.read_text(encoding="utf-8"), 180, "the rebuild")
    assert (output / "news" / "2024" / slug / "index.html").is_file()
    wait_for((output / "images" / name).is_file, 60, "the photo in the site")
    article_html = (output / "news" / "2024" / slug / "index.html").read_text(encoding="utf-8")
    assert 'class="lead-photo"' in article_html and name[:64] in article_html  # the lead photo, derived
    page.goto(f"{url}/province/khon-kaen/")
    page.get_by_role("link", name=TITLE).first.wait_for()
    page.goto(f"{url}/mission/thai-textiles/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    shot(page, "admin-published-article")

    # Editing an existing (normalised) article changes only what the officer changed: the fields the
    # form does not show (Author, Source, DateSource, ...) and the body stay byte for byte.
    existing = sorted(p for p in (project / "content" / "articles").rglob("*.md") if p != article)[0]
    original = existing.read_text(encoding="utf-8")
    entry = existing.relative_to(project / "content" / "articles").with_suffix("").as_posix()
    page.goto(f"{url}/admin/#/collections/articles/entries/{entry}")
    summary = page.get_by_label("สรุปข่าว")
    summary.wait_for()
    summary.fill("สรุปข่าวที่แก้ในเบราว์เซอร์")
    page.get_by_role("button", name="เผยแพร่").first.click()
    page.get_by_role("menuitem", name="เผยแพร่ตอนนี้").click()
    wait_for(lambda: "สรุปข่าวที่แก้ในเบราว์เซอร์" in existing.read_text(encoding="utf-8"), 60, "the edited article")
    changed = [(a, b) for a, b in zip(original.split("\n"), existing.read_text(encoding="utf-8").split("\n")) if a != b]
    assert [b for _, b in changed] == ["Summary: สรุปข่าวที่แก้ในเบราว์เซอร์"]
    assert len(original.split("\n")) == len(existing.read_text(encoding="utf-8").split("\n"))

    # Everything came from this machine: no CDN, no other host.
    assert requests and all(u.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")) for u in requests), \
        [u for u in requests if not u.startswith("http://127.0.0.1:")]
