"""The screenshots of docs/editor.md, taken from the real editor on a copy of content/ (never content/
itself): local mode (make edit) and the live preview's error panel (make serve). Chromium at 1280 x 800, so the Thai text is readable at full size.

    .venv/bin/python docs/editor_screenshots.py                 # writes docs/editor-*.png
    .venv/bin/python docs/editor_screenshots.py serve_errors    # one step only
"""
from __future__ import annotations

import shutil
import socket
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

from scripts import edit, serve

ROOT = Path(__file__).resolve().parent.parent

DOCS = ROOT / "docs"
SIZE = {"width": 1280, "height": 800}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TITLE = "พช.ขอนแก่น จัดอบรมการทอผ้าไทยให้กลุ่มสตรี บ้านโนนสวรรค์"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise TimeoutError


def photo(path: Path, width: int = 960, height: int = 640) -> Path:
    """A plain PNG (stripes in the department's green), standing in for an event photo."""
    rows = []
    for y in range(height):
        shade = 90 + (y * 60 // height)
        rows.append(b"\x00" + bytes([15, shade, 50]) * width)
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    return path


def shot(page, name: str) -> None:
    page.wait_for_timeout(800)  # fonts and transitions settle
    page.screenshot(path=str(DOCS / f"editor-{name}.png"))
    print(DOCS / f"editor-{name}.png")


def fill_article(page, work: Path) -> None:
    page.get_by_label("หัวข้อข่าว").fill(TITLE)
    page.get_by_label("วันที่จัดกิจกรรม").fill("2024-03-15")
    page.locator("input[id^=provinces-field]").fill("ขอนแก่น")
    page.get_by_role("option", name="ขอนแก่น (Khon Kaen)", exact=True).click()
    page.locator("input[id^=missions-field]").fill("ผ้า")
    page.get_by_role("option", name="ผ้าไทยและผ้าลายพระราชทาน", exact=True).click()
    page.get_by_label("แท็ก").fill("ผ้าไทย, กลุ่มสตรี")
    page.get_by_label("สรุปข่าว").fill("กลุ่มสตรีบ้านโนนสวรรค์เรียนการทอผ้าไทยลายสร้างสรรค์")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น จัดอบรมการทอผ้าไทยลายสร้างสรรค์ ณ ศาลาประชาคมอำเภอเมืองขอนแก่น")
    page.keyboard.press("Enter")
    page.keyboard.type("มีสมาชิกกลุ่มสตรีเข้าร่วม ๕๐ คน")


def local_mode(browser, work: Path) -> None:
    project = work / "local"
    shutil.copytree(ROOT / "content", project / "content")
    port, cms_port = free_port(), free_port()
    with open(work / "local.log", "w") as log:
        processes = edit.start(project, project / "output", ROOT / "pelicanconf.py", port, cms_port, log=log)
        try:
            wait_for(lambda: (project / "output" / "admin" / "config.yml").is_file())
            page = browser.new_page(viewport=SIZE, locale="th-TH")
            page.set_default_timeout(60_000)
            page.goto(f"http://127.0.0.1:{port}/admin/")
            page.get_by_role("button", name="เข้าสู่ระบบ").wait_for()
            shot(page, "login")
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
            page.get_by_text("ข่าวประชาสัมพันธ์ของกรมการพัฒนาชุมชน").first.wait_for()
            shot(page, "list")
            page.goto(f"http://127.0.0.1:{port}/admin/#/collections/articles/new")
            fill_article(page, work)
            page.frame_locator("iframe").first.get_by_text("15 มีนาคม 2567").wait_for()
            shot(page, "form")
            page.get_by_role("button", name="เลือกรูปภาพ").click()
            page.locator("input[type=file]").set_input_files(str(photo(work / "ภาพทอผ้า.png")))
            page.get_by_role("button", name="เลือกข้อมูลที่ถูกเลือก").wait_for()
            shot(page, "photo")
            page.get_by_role("button", name="เลือกข้อมูลที่ถูกเลือก").click()
            page.get_by_role("button", name="เผยแพร่").first.click()
            page.get_by_role("menuitem", name="เผยแพร่ตอนนี้").wait_for()
            shot(page, "publish")
            page.get_by_role("menuitem", name="เผยแพร่ตอนนี้").click()
            articles = project / "content" / "articles" / "2024"
            wait_for(lambda: any(articles.glob("2024-03-15-khon-kaen-*.md")), 60)
            slug = next(articles.glob("2024-03-15-khon-kaen-*.md")).stem
            article = project / "output" / "news" / "2024" / slug / "index.html"
            wait_for(lambda: article.is_file() and "lead-photo" in article.read_text(encoding="utf-8"), 240)
            from playwright.sync_api import Error

            for _ in range(60):  # the photo's derivatives are written at the end of the build
                try:
                    page.goto(f"http://127.0.0.1:{port}/news/2024/{slug}/")
                    page.get_by_role("heading", name=TITLE).wait_for()
                    page.wait_for_timeout(3000)  # a rebuild still running reloads the page by itself
                    if page.evaluate("() => [...document.querySelectorAll('.lead-photo img')]"
                                     ".every(i => i.complete && i.naturalWidth > 0)"):
                        break
                except Error:  # the live preview reloaded the page meanwhile
                    pass
                page.wait_for_timeout(2000)
            shot(page, "published")
            page.close()
        finally:
            edit.stop(processes)


def serve_errors(browser, work: Path) -> None:
    content = work / "serve" / "content"
    shutil.copytree(ROOT / "content", content)
    article = sorted((content / "articles").rglob("*.md"))[0]
    port = free_port()
    with open(work / "serve.log", "w") as log:
        server, preview = serve.start(content, work / "serve" / "output", ROOT / "pelicanconf.py", port, log=log,
                                      overrides={"CACHE_PATH": str(work / "serve" / "cache"), "SITEURL": ""})
        try:
            wait_for(lambda: preview.generation >= 1)
            page = browser.new_page(viewport=SIZE, locale="th-TH")
            page.set_default_timeout(120_000)
            page.goto(f"http://127.0.0.1:{port}/")
            text = article.read_text(encoding="utf-8")
            article.write_text(text.replace("Date: ", "Date : ", 1), encoding="utf-8")
            page.locator("#serve-problems").wait_for()
            shot(page, "serve-error")
            page.close()
        finally:
            serve.stop(server)


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        try:
            steps = [globals()[name] for name in sys.argv[1:]] or [local_mode, serve_errors]
            for step in steps:
                step(browser, Path(folder))
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
