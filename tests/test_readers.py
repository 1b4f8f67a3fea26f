"""What a reader sees that says whose site this is and lets a story travel, checked in the built
HTML (publishconf.py, absolute URLs): the department's name and drawn mark, the cdd.go.th link and the
about, contact, accessibility and privacy pages in the footer; the article's breadcrumb, share links
(plain links, no third-party script), copy and print buttons and mission chips; the province list
with its filter box before the map; previous/next month links; the web font that cannot shift the
layout. The browser measurements (sizes, positions) are in tests/test_browser_site.py."""
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
SITEURL = "https://example.test"
PAGES = {"about": "เกี่ยวกับคลังข่าว", "contact": "ติดต่อ", "accessibility": "การเข้าถึง",
         "privacy": "ความเป็นส่วนตัว"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    assert any((ROOT / "content" / "articles").rglob("*.md")), "content/articles is empty (it ships with the seeds)"
    output = tmp_path_factory.mktemp("readers") / "output"
    env = {**os.environ, "CDD_SITEURL": SITEURL, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(ROOT / "content"), "-o", str(output), "-s",
         str(ROOT / "publishconf.py"), "-e", f'CACHE_PATH="{output.parent / "cache"}"'],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return output


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def articles(site: Path) -> list[Path]:
    return sorted((site / "news").rglob("index.html"))


def test_the_pages_pass_the_projects_validator():
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run([sys.executable, "scripts/validate.py", "content"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.stem for p in (ROOT / "content" / "pages").glob("*.md")) == sorted(PAGES)


def test_every_page_names_the_department_with_a_drawn_mark_and_links_its_pages(site):
    for path in [site / "index.html", *articles(site)[:2], site / "province" / "index.html"]:
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        header = html.select_one(".site-header")
        assert "กรมการพัฒนาชุมชน กระทรวงมหาดไทย" in header.get_text(" "), path
        mark = header.select_one("svg.site-mark")
        assert mark is not None and mark["aria-hidden"] == "true" and mark.find("image") is None, path
        footer = html.select_one(".site-footer")
        hrefs = [a["href"] for a in footer.find_all("a")]
        assert "https://www.cdd.go.th/" in hrefs, path
        for slug in PAGES:
            assert f"{SITEURL}/{slug}/" in hrefs, (path, slug)


def test_about_contact_accessibility_and_privacy_pages(site):
    for slug, title in PAGES.items():
        html = soup(site, slug)
        assert html.h1.get_text(strip=True) == title
        body = html.select_one(".article-body").get_text(" ")
        assert re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", body), f"{slug}: no English line"
    about = soup(site, "about").select_one(".article-body")
    text = about.get_text(" ")
    assert "อัตโนมัติ" in text and "https://www.cdd.go.th/" in [a["href"] for a in about.find_all("a")]
    # the way to report a wrong label leads to a page that exists
    contact = [a["href"] for a in about.find_all("a") if "contact" in a["href"]]
    assert contact and all((site / "about" / href / "index.html").resolve().exists() for href in contact)


def test_article_breadcrumb_share_print_and_chips(site):
    for path in articles(site):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        url = f"{SITEURL}/{path.parent.relative_to(site).as_posix()}/"
        crumbs = html.select_one("nav.breadcrumbs[aria-label]")
        assert crumbs is not None and crumbs.ol is not None, path
        names = [li.get_text(strip=True) for li in crumbs.find_all("li")]
        assert names[:2] == ["หน้าแรก", "จังหวัด"], names
        current = crumbs.select_one("[aria-current=page]")
        assert current.get_text(strip=True) == html.h1.get_text(strip=True)
        provinces = [a.get_text(strip=True) for a in html.select(".article-facts a[href*='/province/']")]
        if provinces:
            assert names[2] == provinces[0]
        share = {a.get_text(strip=True): a["href"] for a in html.select(".share a")}
        line = urlparse(share["แชร์ทาง LINE"])
        assert (line.netloc, line.path) == ("social-plugins.line.me", "/lineit/share")
        assert parse_qs(line.query)["url"] == [url]
        facebook = urlparse(share["แชร์ทาง Facebook"])
        assert (facebook.netloc, facebook.path) == ("www.facebook.com", "/sharer/sharer.php")
        assert parse_qs(facebook.query)["u"] == [url]
        assert html.select_one("#copy-link")["data-url"] == url
        assert html.select_one("#print-page") is not None
        # no script of another host, only the site's own
        assert all(urlparse(s["src"]).netloc in ("", "example.test") for s in html.find_all("script", src=True))
        missions = html.select(".article-facts .chip-list li a")
        assert len(missions) == len(html.select(".article-facts a[href*='/mission/']"))


def test_province_list_and_its_filter_come_before_the_map(site):
    html = soup(site, "province")
    layout = html.select_one(".map-layout")
    order = [child.get("class", [None])[0] for child in layout.find_all(recursive=False)]
    assert order == ["province-index", "province-map"]
    box = html.select_one("#province-filter")
    assert box.has_attr("hidden")  # shown by province-filter.js; without JavaScript the full list shows
    assert html.select_one("label[for=province-filter-input]") is not None
    slugs = [li["data-slug"] for li in html.select(".province-list li[data-slug]")]
    assert len(slugs) == 77 and "khon-kaen" in slugs


def test_month_pages_link_the_previous_and_next_month_with_news(site):
    months = sorted(p.parent for p in site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    assert len(months) >= 2
    for i, month in enumerate(months):
        html = BeautifulSoup((month / "index.html").read_text(encoding="utf-8"), "html.parser")
        nav = html.select_one("nav.prev-next")
        links = {li["class"][0]: urlparse(li.a["href"]).path for li in nav.find_all("li")}
        want = {}
        if i > 0:
            want["older"] = "/" + months[i - 1].relative_to(site).as_posix() + "/"
        if i + 1 < len(months):
            want["newer"] = "/" + months[i + 1].relative_to(site).as_posix() + "/"
        assert links == want, month


def test_the_web_font_cannot_shift_the_layout(site):
    css = (site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    assert faces and all("font-display: optional" in face for face in faces)
    head = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").head
    preloaded = [link["href"] for link in head.select("link[rel=preload][as=font]")]
    # every face the stylesheet declares is preloaded, so it is ready for the first paint
    declared = sorted(re.findall(r"\.\./fonts/([\w.-]+\.woff2)", css))
    assert sorted(Path(urlparse(h).path).name for h in preloaded) == declared and len(declared) == 4
    assert all((site / urlparse(h).path.lstrip("/")).exists() for h in preloaded)


def test_fiscal_year_pages_charts_and_narrowing(site):
    # every article is on the page of its fiscal year (1 October to 30 September, named in BE)
    dated = {}  # slug -> Date, from the front matter
    for source in (ROOT / "content" / "articles").rglob("*.md"):
        head = source.read_text(encoding="utf-8").split("\n\n", 1)[0]
        dated[re.search(r"^Slug: *(\S+)", head, re.M).group(1)] = re.search(r"^Date: *(\S+)", head, re.M).group(1)
    fiscal = sorted(p.name for p in (site / "fiscal").iterdir())
    assert fiscal
    on_pages = {}
    for be in fiscal:
        page = soup(site, f"fiscal/{be}")
        assert page.h1.get_text() == f"ข่าวปีงบประมาณ {be}"
        assert f"1 ตุลาคม {int(be) - 1} – 30 กันยายน {be}" in page.select_one(".lead").get_text()
        for link in page.select(".news-list .news-title a"):
            on_pages[link["href"].rstrip("/").rsplit("/", 1)[1]] = int(be)
        assert page.select(".month-chart svg rect")
    for slug, day in dated.items():
        year, month = int(day[:4]), int(day[5:7])
        assert on_pages[slug] == year + 543 + (month >= 10), (slug, day)
    periods = soup(site, "archive")
    assert [a.get_text(" ", strip=True).split(" (")[0] for a in periods.select(".period-fiscal a")] == \
        [f"ปีงบประมาณ {be}" for be in sorted(fiscal, reverse=True)]

    # a calendar year links the two fiscal years it overlaps (those with news)
    lead = soup(site, "2020").select_one(".lead")
    assert [a["href"].rstrip("/").rsplit("/", 1)[1] for a in lead.select("a")] == \
        [be for be in ("2563", "2564") if be in fiscal]

    # a chart with its text alternative on year, province and mission pages; its bars add up
    for url in ("2020", "province/khon-kaen", "mission/khok-nong-na"):
        page = soup(site, url)
        chart = page.select_one(".month-chart")
        assert chart is not None and chart.select_one(".chart-plot")["aria-hidden"] == "true", url
        total = int(re.search(r"รวม (\d+) ข่าว", chart.figcaption.get_text()).group(1))
        assert total == sum(int(r["height"]) for r in chart.select("svg rect")) == \
            sum(int(n) for n in re.findall(r"รวม (\d+) ข่าว", chart.select_one(".chart-data").get_text()))

    # narrowing a province by year and by mission, a mission by year and by province: filter URLs
    # of the search page, with the counts of the page's own news
    page = soup(site, "province/khon-kaen")
    links = [(parse_qs(urlparse(a["href"]).query), a.get_text(" ", strip=True)) for a in page.select(".narrow a")]
    assert all(urlparse(a["href"]).path == "/search/" for a in page.select(".narrow a"))
    by_year = [(q["year"][0], text) for q, text in links if "year" in q]
    assert by_year and all(q["province"] == ["khon-kaen"] for q, _ in links)
    assert sum(int(re.search(r"\((\d+)", t).group(1)) for _, t in by_year) == len(page.select(".news-title"))
    assert any(q.get("mission") == ["khok-nong-na"] for q, _ in links)
    page = soup(site, "mission/khok-nong-na")
    queries = [parse_qs(urlparse(a["href"]).query) for a in page.select(".narrow a")]
    assert {"mission": ["khok-nong-na"], "province": ["khon-kaen"]} in queries


def test_the_tag_index_leads_with_the_most_used_then_every_tag_by_letter(site):
    from cdd_thai import provinces

    page = soup(site, "tag")

    def counted(links):
        return [(a.contents[0].strip(), int(re.search(r"\((\d+)", a.get_text()).group(1))) for a in links]

    top = counted(page.select(".top-tags a"))
    every = counted(page.select("section[aria-labelledby=all-tags] .chip-list a"))
    assert top and all(n >= 2 for _, n in top)
    assert [n for _, n in top] == sorted((n for _, n in top), reverse=True)
    assert sorted(every, key=lambda t: (-t[1], t[0]))[:len(top)] == sorted(top, key=lambda t: (-t[1], t[0]))
    # every tag page is listed once, with the number of news on it; no province is a tag
    pages = {p.name for p in (site / "tag").iterdir() if p.is_dir()}
    assert len(every) == len(pages) == len({name for name, _ in every})
    for name, n in every:
        assert provinces.province_by_name(name) is None, name
        slug = re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s\u0E00-\u0E7F-]", "", name)).lower()
        assert len(soup(site, f"tag/{slug}").select(".news-title")) == min(n, 20), name  # 20 a page
