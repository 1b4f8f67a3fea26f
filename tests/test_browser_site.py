"""The built site in a real browser (Debian's Chromium driven by Playwright): a reader goes from the
home page to a year page, to a province page by clicking the map, to a mission page and to an
article, checking the Thai headings and links. Every page is checked with axe-core (no serious or
critical violation), screenshotted at 360 px and 1280 px, and must not request another host; then
the Nu Html Checker (vnu-jar) validates every generated page.

Screenshots go to $SITE_SCREENSHOTS, or to a temporary folder printed in the test output.
"""
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from scripts import lighthouse  # its page types are the ones measured here too

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (360, 1280)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The development build (relative URLs) of content/, as `make site` makes it."""
    assert any((ROOT / "content" / "articles").rglob("*.md")), "content/articles is empty (it ships with the seeds)"
    output = tmp_path_factory.mktemp("browser-site") / "output"
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(ROOT / "content"), "-o", str(output), "-s",
         str(ROOT / "pelicanconf.py"), "-e", f'CACHE_PATH="{output.parent / "cache"}"'],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return output


@pytest.fixture(scope="session")
def server(built_site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("SITE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


class Visit:
    """One reader's session: a page per viewport width, every request recorded."""

    def __init__(self, browser, server, shots):
        self.server, self.shots = server, shots
        self.requests: list[str] = []
        self.axe_runs: list = []
        self.pages = {}
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("request", lambda request: self.requests.append(request.url))
            self.pages[width] = page
        self.page = self.pages[1280]

    def check(self, name: str) -> None:
        """axe-core on the current page, and screenshots of it at every width."""
        url = self.page.url
        for width, page in self.pages.items():
            if page.url != url:
                page.goto(url)
            page.wait_for_load_state("load")
            page.screenshot(path=str(self.shots / f"{name}-{width}.png"), full_page=True)
        found = []
        for width, page in self.pages.items():  # the phone layout differs (list before map, chips)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
            assert bad == [], f"{name} ({url}) at {width} px: {bad}"
            found += [f"{v['id']}@{width}" for v in result["violations"]]
        self.axe_runs.append((name, found))
        # nothing wider than a 360 px phone's screen
        phone = self.pages[360]
        overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px of horizontal scrolling at 360 px"

    def heading(self) -> str:
        return self.page.locator("h1").inner_text().strip()


def test_reader_journey(browser, server, shots):
    visit = Visit(browser, server, shots)
    page = visit.page

    # Home: Thai heading, newest news first, Thai interface.
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert visit.heading() == "ข่าวล่าสุด"
    page.keyboard.press("Tab")  # the first Tab reaches the skip link, which moves focus to <main>
    assert page.evaluate("document.activeElement.textContent") == "ข้ามไปยังเนื้อหาหลัก"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    nav = page.get_by_role("navigation", name="เมนูหลัก")
    assert [t.strip() for t in nav.get_by_role("link").all_inner_texts()] == \
        ["หน้าแรก", "จังหวัด", "ภารกิจ", "ช่วงเวลา", "แท็ก"]
    visit.check("home")

    # A year page, from the home page's links, with its months in Thai and BE years.
    page.get_by_role("link", name="ปี พ.ศ. 2563").click()
    assert page.url.endswith("/2020/")
    assert visit.heading() == "ข่าวปี พ.ศ. 2563"
    # the chips name the month (the heading gives the year); screen readers hear "(1 ข่าว)"
    months = [" ".join(t.split()) for t in page.locator(".months a").all_inner_texts()]
    assert months and all(re.fullmatch(r"\S+ \(\d+ ข่าว \)", m) for m in months), months
    assert page.get_by_role("link", name=re.compile(r"^ตุลาคม \(\d+ ข่าว\s*\)$")).count() == 1
    visit.check("year")

    # The province index, then Khon Kaen by clicking its shape on the map.
    nav = page.get_by_role("navigation", name="เมนูหลัก")
    nav.get_by_role("link", name="จังหวัด").click()
    assert visit.heading() == "ข่าวตามจังหวัด"
    area = page.locator("svg a.area[data-name='ขอนแก่น']")
    assert area.get_attribute("aria-label") == "ขอนแก่น 2 ข่าว"
    area.focus()  # keyboard: the name and count appear next to the province
    assert page.locator("#map-status").inner_text() == "ขอนแก่น 2 ข่าว"
    assert page.locator("#map-label").evaluate("e => getComputedStyle(e).visibility") == "visible"
    # its outline is drawn over its neighbours
    outline = page.locator("#map-focus")
    assert outline.evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert outline.get_attribute("d") == area.locator("path").get_attribute("d")
    # Tab walks the map in the order of the list under it (by region, then name), not by size
    on_map = page.locator("svg > a.area").evaluate_all("as => as.map(a => a.dataset.name)")
    listed = page.locator("#province-index section:not([aria-labelledby=r-central]) li a").all_inner_texts()
    assert on_map == [name for name in listed if name in on_map] and len(on_map) == 77
    # Bangkok and its neighbours are repeated, enlarged, in an inset: hovering there names them too.
    page.locator(".inset a.area[data-name='กรุงเทพมหานคร']").hover()
    assert page.locator("#map-status").inner_text().startswith("กรุงเทพมหานคร ")
    visit.check("provinces")
    box = area.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/province/khon-kaen/")
    assert visit.heading() == "จังหวัดขอนแก่น"
    titles = page.locator(".news-list .news-title a").all_inner_texts()
    assert len(titles) == 2 and all("ขก" in t or "ขอนแก่น" in t or "อธิบดี" in t for t in titles)
    visit.check("province")

    # A mission page, from the mission index.
    page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="ภารกิจ").click()
    assert visit.heading() == "ข่าวตามภารกิจ"
    page.get_by_role("link", name="โคก หนอง นา", exact=True).click()
    assert page.url.endswith("/mission/khok-nong-na/")
    assert visit.heading() == "โคก หนอง นา"
    visit.check("mission")

    # An article: its facts link back to province, mission and month; related news below.
    link = page.locator(".news-list .news-title a").first
    title = link.inner_text().strip()
    link.click()
    assert visit.heading() == title
    facts = page.locator(".article-facts")
    assert facts.get_by_role("link", name="ขอนแก่น").get_attribute("href").endswith("province/khon-kaen/")
    assert facts.get_by_role("link", name="โคก หนอง นา").count() == 1
    assert facts.locator("time").first.inner_text() == "30 ตุลาคม 2563"  # the event; then the publication date
    assert page.locator("script[type='application/ld+json']").count() == 1
    assert page.get_by_role("heading", name="ข่าวที่เกี่ยวข้อง").count() == 1
    visit.check("article")

    # A tag of the article, then the period index.
    tag = page.locator(".article-tags a", has_text="โคก หนอง นา")
    tag.click()
    assert visit.heading() == "แท็ก: โคก หนอง นา"
    assert "/tag/" in page.url and page.url.endswith("/")
    visit.check("tag")
    page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="ช่วงเวลา").click()
    assert visit.heading() == "ข่าวตามช่วงเวลา"
    assert page.get_by_role("link", name="ตุลาคม 2563 (1)").count() == 1
    visit.check("periods")

    print("axe (minor/moderate violations allowed):", visit.axe_runs)
    assert [name for name, _ in visit.axe_runs] == \
        ["home", "year", "provinces", "province", "mission", "article", "tag", "periods"]

    # Nothing was fetched from another host (fonts, scripts and styles are served with the site).
    foreign = [u for u in visit.requests if not u.startswith(server) and not u.startswith("data:")]
    assert foreign == []
    fonts = [u for u in visit.requests if u.endswith(".woff2")]
    assert fonts, "the Thai web font was not loaded"


def test_every_page_is_valid_html(built_site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed (apt-get install default-jre-headless)")
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--skip-non-html", str(built_site)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr[:5000]


# Every link, button and field a reader can tap, measured at 360 px (WCAG 2.2, 2.5.8 target size):
# 44x44 px, or at least 24x24 px, or a 24 px circle on its centre that meets no other target; links in
# running text are exempt (the rule's "inline" exception); the map's shapes are a second way to the
# provinces listed above it.
TARGETS_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
    if (el.closest("svg") || el.classList.contains("skip-link")) continue;
    const r = el.getBoundingClientRect(), st = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || st.visibility === "hidden" || el.closest(".visually-hidden")) continue;
    const block = el.closest("p, li, dd, td, h1, h2, h3");
    const text = (block ? block.textContent : "").replace(/\\s+/g, " ").trim();
    const own = el.textContent.replace(/\\s+/g, " ").trim();
    const inline = !!el.closest(".article-body") || (st.display === "inline" && text.length > own.length + 8);
    found.push({r, inline, html: el.outerHTML.slice(0, 100)});
  }
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const small = [];
  for (const t of found) {
    const {r} = t;
    if (t.inline || (r.width >= 24 && r.height >= 24)) continue;
    const [cx, cy] = centre(r);
    const clash = found.some(o => {
      if (o === t) return false;
      const [ox, oy] = centre(o.r);
      const dx = Math.max(o.r.left - cx, 0, cx - o.r.right), dy = Math.max(o.r.top - cy, 0, cy - o.r.bottom);
      return Math.hypot(cx - ox, cy - oy) < 24 || Math.hypot(dx, dy) < 12;
    });
    if (clash) small.push(`${t.html} ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return {count: found.length, small, under44: found.filter(t => !t.inline && t.r.height < 44).map(t => t.html)};
}"""


def test_every_page_type_targets_and_axe(browser, server, built_site):
    """Each page type (the pages scripts/lighthouse.py measures, and the 404 page): every link,
    button and field at 360 px meets 2.5.8; axe-core finds no violation of any impact at 360 or
    1280 px."""
    pages = {**lighthouse.page_types(built_site), "privacy": "/privacy/", "404": "/404.html"}
    assert {"home", "article", "search", "provinces", "province", "mission", "year", "month",
            "fiscal-year", "tags", "tag", "about"} <= set(pages), pages
    views = {w: browser.new_page(viewport={"width": w, "height": 800}) for w in WIDTHS}
    for name, path in pages.items():
        for width, view in views.items():
            view.goto(server + path)
            view.wait_for_load_state("load")
            view.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # measured open
            if width == 360:
                measured = view.evaluate(TARGETS_JS)
                assert measured["count"] >= 10, (name, measured)
                assert measured["small"] == [], f"{name}: targets under 24 px and too close: {measured['small']}"
                # the site's own controls (menu, chips, share, lists) are full 44 px targets;
                # headlines (several lines) and inline links are not counted here
                chrome = [h for h in measured["under44"] if re.search(
                    r'class="(share|chip|browse|province|narrow)|<button|footer|aria-current|site-search', h)]
                assert chrome == [], f"{name}: {chrome}"
            view.add_script_tag(path=str(AXE))
            result = view.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == [], \
                f"{name} ({path}) at {width} px"
    # Narrowing a province by year and by mission: the search page lists just as many news as the
    # chip says (filter-only browsing of the search page)
    page = views[1280]
    for kind in ("year", "mission"):
        page.goto(server + pages["province"])
        page.locator(".narrow summary").click()
        chip = page.locator(f".narrow a[href*='{kind}=']").first
        expected = int(re.search(r"\((\d+)", chip.inner_text()).group(1))
        chip.click()
        page.wait_for_url("**/search/?*")
        page.wait_for_function("document.querySelectorAll('[data-search-result]').length > 0", timeout=10000)
        assert page.locator("[data-search-result]").count() == min(expected, 20), (kind, page.url)
    for view in views.values():
        view.close()


def test_phone_targets_headline_and_share(browser, server, built_site, shots):
    phone = browser.new_page(viewport={"width": 360, "height": 800})
    article = sorted((built_site / "news").rglob("index.html"))[0].parent.relative_to(built_site).as_posix()
    pages = {"article": f"/{article}/"}

    # Home: the newest headline starts above the fold of a 360x800 phone.
    phone.goto(server + "/")
    top = phone.locator(".news-list .news-title").first.bounding_box()
    assert top["y"] + 40 < 800, top
    # No layout shift from the web font, on a first (uncached) visit.
    for width, path in ((1280, "/"), (1280, "/about/"), (360, pages["article"]), (360, "/province/")):
        fresh = browser.new_context(viewport={"width": width, "height": 900})
        page = fresh.new_page()
        # a slow phone runs map.js after the first paint: the filter box it shows must not move the list
        page.route("**/map.js", lambda route: (time.sleep(0.5), route.continue_()))
        # the shifted elements are kept too, so that a failure names what moved
        page.add_init_script("window.__cls = 0; window.__moved = []; new PerformanceObserver(l => { for (const e of "
                             "l.getEntries()) if (!e.hadRecentInput) { window.__cls += e.value; window.__moved.push("
                             "e.sources.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '?').join(' ')); } })"
                             ".observe({type: 'layout-shift', buffered: true});")
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__cls") < 0.01, (width, path, page.evaluate("window.__moved"))
        fresh.close()
    # Desktop: summaries keep a readable measure.
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    desktop.goto(server + "/")
    width = desktop.locator(".news-summary").first.bounding_box()["width"]
    font = desktop.locator(".news-summary").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert width <= 40 * font, (width, font)  # 70ch of Thai (ch = the width of "0")

    # Province index on a phone: the list and its filter box come before the map; typing narrows it.
    phone.goto(server + "/province/")
    box = phone.get_by_label("พิมพ์ชื่อจังหวัดเพื่อกรองรายชื่อ")
    assert box.bounding_box()["y"] < 800
    assert box.bounding_box()["y"] < phone.locator(".province-map").bounding_box()["y"]
    box.fill("khon")
    shown = phone.locator("#province-index .province-list li:visible a")
    assert shown.all_inner_texts() == ["ขอนแก่น"]  # from a word's start: not นครพนม (nakhon-phanom)
    assert phone.locator("#province-filter-status").inner_text() == "พบ 1 รายการ"
    box.fill("ขอนแก่น")
    assert phone.locator("#province-index .province-list li:visible").count() == 1
    box.fill("")
    assert phone.locator("#province-index .province-list li:visible").count() == 78

    # Article: copy-link copies this page's address, the share links carry it, print prints.
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(server + pages["article"])
    url = server + pages["article"]
    line = page.get_by_role("link", name="แชร์ทาง LINE").get_attribute("href")
    assert line == "https://social-plugins.line.me/lineit/share?url=" + urllib.parse.quote(url, safe="")
    page.get_by_role("button", name="คัดลอกลิงก์").click()
    page.wait_for_function("document.getElementById('share-status').textContent !== ''", timeout=5000)
    assert page.locator("#share-status").inner_text() == "คัดลอกลิงก์แล้ว"
    assert page.evaluate("navigator.clipboard.readText()") == url
    # (a final null: evaluate would call a function the expression returns)
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed++; }; null")
    page.get_by_role("button", name="พิมพ์ข่าวนี้").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert page.locator(".share").is_hidden() and page.locator(".site-nav").is_hidden()
    assert page.locator(".article-body").is_visible()
    context.close()

    # The map on a touch screen: a first tap on a small province names it, a second opens it.
    touch = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True, is_mobile=True)
    page = touch.new_page()
    page.goto(server + "/province/")
    phuket = page.locator("svg > a.area[data-name='ภูเก็ต']")
    phuket.scroll_into_view_if_needed()
    box = phuket.bounding_box()
    assert min(box["width"], box["height"]) < 24  # too small to hit for sure
    at = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.touchscreen.tap(*at)
    page.wait_for_timeout(300)
    assert page.url.endswith("/province/")
    assert page.locator("#map-status").inner_text().startswith("ภูเก็ต 0 ข่าว")
    page.touchscreen.tap(*at)
    page.wait_for_url("**/province/phuket/")
    touch.close()
    phone.close()
    desktop.close()
