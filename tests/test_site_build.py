"""The whole site built from content/ with publishconf.py (absolute URLs, feeds, sitemap), checked
page by page against the articles' own front matter: province, mission, year and month pages,
article URLs and JSON-LD, Atom feeds (feedparser), sitemap.xml, pagination newest first, Thai tag
URLs, and no request to another host."""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import feedparser
import pytest
from bs4 import BeautifulSoup
from cdd_thai import dates, missions, provinces

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
SITEURL = "https://example.test"
PER_PAGE = 2  # small pages, so that the five seed articles paginate


def front_matter(path: Path) -> dict:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


ARTICLES = sorted((front_matter(p) for p in (ROOT / "content" / "articles").rglob("*.md")),
                  key=lambda a: a["date"], reverse=True)


def build(output: Path, conf: str, *overrides: str, content: Path = ROOT / "content") -> subprocess.CompletedProcess:
    env = {**os.environ, "CDD_SITEURL": SITEURL, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "COLUMNS": "1000"}
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s",
               str(ROOT / conf), "-e", f'CACHE_PATH="{output.parent / "cache"}"', *overrides]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    # No skip: content/ ships with the seed articles, and an emptied content/ must fail here.
    assert len(ARTICLES) >= 5, f"content/articles has {len(ARTICLES)} articles, the five seeds at least expected"
    output = tmp_path_factory.mktemp("site") / "output"
    done = build(output, "publishconf.py", f"DEFAULT_PAGINATION={PER_PAGE}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stdout + done.stderr, done.stdout + done.stderr
    return output


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / unquote(url) / "index.html" if not url.endswith(".html") else site / url
    assert path.exists(), f"missing page {url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def listed(soup: BeautifulSoup) -> list[str]:
    """Article URLs of a listing page, in order."""
    return [urlparse(a["href"]).path.strip("/") for a in soup.select(".news-list .news-title a")]


def article_url(a: dict) -> str:
    return f"news/{a['date'][:4]}/{a['slug']}"


def test_every_article_has_its_page_under_news_year_slug(site):
    for a in ARTICLES:
        soup = page(site, article_url(a))
        assert soup.h1.get_text(strip=True) == a["title"]
        assert soup.html["lang"] == "th"


def test_article_json_ld_and_open_graph(site):
    for a in ARTICLES:
        soup = page(site, article_url(a))
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["@type"] == "NewsArticle" and len(data["headline"]) <= 110
        assert a["title"].startswith(data["headline"].rstrip("…"))
        if len(a["title"]) > 110:  # cut between words, with an ellipsis
            assert data["headline"].endswith("…") and a["title"][len(data["headline"]) - 1] == " "
        # Pelican renders Summary as HTML; previews and JSON-LD get its text
        assert "<" not in data["description"] and data["description"].startswith(a["summary"][:40])
        assert data["url"] == f"{SITEURL}/{article_url(a)}/"
        if a.get("published", a["date"]) != a["date"]:  # the post's own day, the event's as its reference time
            assert data["datePublished"] == a["published"] and data["contentReferenceTime"].startswith(a["date"])
        else:
            assert data["datePublished"].startswith(a["date"]) and data["datePublished"].endswith("+07:00")
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:type"] == "article" and og["og:url"] == data["url"] and og["og:title"] == a["title"]
        assert og["og:description"] == data["description"]
        assert soup.find("link", rel="canonical")["href"] == data["url"]


def test_article_page_links_provinces_missions_tags_and_date(site):
    for a in ARTICLES:
        soup = page(site, article_url(a))
        hrefs = {urlparse(x["href"]).path for x in soup.select(".article-facts a, .article-tags a")}
        for name in split(a["provinces"]):
            assert f"/province/{provinces.province_by_name(name).slug}/" in hrefs
        for slug in split(a["missions"]):
            assert f"/mission/{slug}/" in hrefs
        assert f"/{a['date'][:4]}/{a['date'][5:7]}/" in hrefs
        shown = soup.select_one(".article-facts time").get_text()
        assert shown == dates.format_thai_date(dates.parse_date_value(a["date"]))  # "30 ตุลาคม 2563"


def test_prev_next_follow_the_dates(site):
    oldest_first = ARTICLES[::-1]
    for older, newer in zip(oldest_first, oldest_first[1:]):
        soup = page(site, article_url(newer))
        assert urlparse(soup.select_one(".prev-next a[rel=prev]")["href"]).path.strip("/") == article_url(older)
        soup = page(site, article_url(older))
        assert urlparse(soup.select_one(".prev-next a[rel=next]")["href"]).path.strip("/") == article_url(newer)


def test_province_pages_list_their_articles_newest_first(site):
    expected = {}
    for a in ARTICLES:
        for name in split(a["provinces"]):
            expected.setdefault(provinces.province_by_name(name), []).append(article_url(a))
    for province, urls in expected.items():
        soup = page(site, f"province/{province.slug}")
        heading = "ข่าวส่วนกลาง" if province.slug == "central" else f"จังหวัด{province.name_th}"
        assert soup.h1.get_text(strip=True) == heading
        assert listed(soup) == urls[:PER_PAGE]
    # every province has a page (the map links to all of them), with no article where there is none
    empty = next(p for p in provinces.PROVINCES if p not in expected)
    assert listed(page(site, f"province/{empty.slug}")) == []


def test_province_index_lists_all_78_with_counts_and_a_map(site):
    soup = page(site, "province")
    counts = {}
    for a in ARTICLES:
        for name in split(a["provinces"]):
            slug = provinces.province_by_name(name).slug
            counts[slug] = counts.get(slug, 0) + 1
    rows = {urlparse(li.a["href"]).path.strip("/").split("/")[-1]: int(li.select_one(".count").text.split()[0])
            for li in soup.select(".province-list li")}
    assert len(rows) == 78 and rows == {p.slug: counts.get(p.slug, 0) for p in provinces.ALL}
    areas = soup.select("svg > a.area")  # the inset repeats six of them, out of the tab order
    assert len(areas) == 77
    inset = soup.select("svg .inset a.area")
    assert len(inset) == 6 and all(a["tabindex"] == "-1" for a in inset)
    for area in areas:
        slug = urlparse(area["href"]).path.strip("/").split("/")[-1]
        assert area["aria-label"] == f"{provinces.province_by_slug(slug).name_th} {counts.get(slug, 0)} ข่าว"
        assert ("q0" in area["class"]) == (counts.get(slug, 0) == 0)
        assert area.find("path")["d"]


def test_mission_pages_and_index(site):
    expected = {}
    for a in ARTICLES:
        for slug in split(a["missions"]):
            expected.setdefault(slug, []).append(article_url(a))
    for slug, urls in expected.items():
        soup = page(site, f"mission/{slug}")
        assert soup.h1.get_text(strip=True) == missions.mission_by_slug(slug).name_th
        assert listed(soup) == urls[:PER_PAGE]
    index = page(site, "mission")
    assert [h.get_text(strip=True) for h in index.select(".card h2")] == [m.name_th for m in missions.MISSIONS]


def test_year_and_month_pages_in_buddhist_era(site):
    years, months = {}, {}
    for a in ARTICLES:
        years.setdefault(a["date"][:4], []).append(article_url(a))
        months.setdefault(a["date"][:7], []).append(article_url(a))
    for year, urls in years.items():
        soup = page(site, year)
        assert soup.h1.get_text(strip=True) == f"ข่าวปี พ.ศ. {int(year) + 543}"
        assert listed(soup) == urls[:PER_PAGE]
    for month, urls in months.items():
        y, m = map(int, month.split("-"))
        soup = page(site, f"{y}/{m:02d}")
        assert soup.h1.get_text(strip=True) == f"ข่าวเดือน{dates.thai_month(m)} {y + 543}"
        assert listed(soup) == urls[:PER_PAGE]


def test_home_paginates_newest_first(site):
    urls, soup, url = [], page(site, ""), ""
    last = -(-len(ARTICLES) // PER_PAGE)
    while True:
        # numbered links: the first, the last and this page (marked current) are always there
        numbers = {a.get_text(" ", strip=True).split()[-1]: (urlparse(a["href"]).path.strip("/"), a.get("aria-current"))
                   for a in soup.select(".page-links a")}
        number = 1 if not url else int(url.split("/")[-1])
        assert numbers["1"][0] == "" and numbers[str(last)][0] == (f"page/{last}" if last > 1 else "")
        assert numbers[str(number)] == (url, "page")
        urls += listed(soup)
        following = soup.select_one(".pagination a[rel=next]")
        if following is None:
            break
        url = urlparse(following["href"]).path.strip("/")
        soup = page(site, url)
    assert url == f"page/{last}"
    assert urls == [article_url(a) for a in ARTICLES]


def test_thai_tags_keep_vowels_and_tone_marks_in_their_urls(site):
    from cdd_thai import tags as thai_tags

    # the build publishes the meaningful tags (no places, no everyday words), variants merged
    kept = [thai_tags.meaningful(split(a.get("tags", "")), split(a.get("people", ""))) for a in ARTICLES]
    spelling = thai_tags.merge_variants(kept)
    tags = {spelling[t] for ts in kept for t in ts}
    assert tags and any(re.search("[\u0E31-\u0E3A\u0E47-\u0E4E]", t) for t in tags)  # marks to keep
    for tag in tags:
        slug = re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s\u0E00-\u0E7F-]", "", tag)).lower()
        assert (site / "tag" / slug / "index.html").exists(), tag
    if "โคก หนอง นา" in tags:
        assert (site / "tag" / "โคก-หนอง-นา" / "index.html").exists()


def test_feeds_parse_as_atom_with_absolute_links(site):
    feeds = {"feeds/all.atom.xml": [article_url(a) for a in ARTICLES]}
    for a in ARTICLES:
        for name in split(a["provinces"]):
            feeds.setdefault(f"feeds/province/{provinces.province_by_name(name).slug}.atom.xml", []).append(article_url(a))
        for slug in split(a["missions"]):
            feeds.setdefault(f"feeds/mission/{slug}.atom.xml", []).append(article_url(a))
    written = {p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*.xml")}
    assert written == set(feeds)
    for path, urls in feeds.items():
        feed = feedparser.parse((site / path).read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert [e.link for e in feed.entries] == [f"{SITEURL}/{u}/" for u in urls]
        # each feed is its own: a province's or mission's feed points at that page, not the home page
        home = path == "feeds/all.atom.xml"
        own = f"{SITEURL}/" if home else f"{SITEURL}/{path.removeprefix('feeds/').removesuffix('.atom.xml')}/"
        assert feed.feed.link == own and feed.feed.id == own


def test_sitemap_lists_every_page_with_absolute_urls(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert all(loc.startswith(f"{SITEURL}/") for loc in locs)
    paths = {unquote(urlparse(loc).path) for loc in locs}
    for a in ARTICLES:
        assert f"/{article_url(a)}/" in paths
    assert {"/", "/province/", "/mission/", "/province/khon-kaen/", "/page/2/"} <= paths
    for p in paths:  # every entry is a page that exists
        assert (site / p.lstrip("/") / "index.html").exists() or (site / p.lstrip("/")).is_file(), p
    html_pages = {"/" + q.relative_to(site).as_posix()[: -len("index.html")]
                  for q in site.rglob("index.html")}
    # every page but the provinces and missions with no news yet (linked from the map, noindex)
    empty = {p for p in html_pages if "ยังไม่มีข่าวของ" in (site / p.lstrip("/") / "index.html").read_text(encoding="utf-8")}
    assert "/province/bangkok/" in empty and "/province/khon-kaen/" not in empty
    assert html_pages - empty == paths
    for p in empty:
        assert 'name="robots" content="noindex"' in (site / p.lstrip("/") / "index.html").read_text(encoding="utf-8")


def test_no_page_requests_another_host(site):
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src")):
            for node in soup.find_all(tag, **{attr: True}):
                if tag == "link" and set(node.get("rel", [])) & {"canonical", "alternate"}:
                    continue  # links, not requests
                host = urlparse(node[attr]).netloc
                assert host in ("", "example.test"), f"{path}: {node}"
    css = (site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert not re.search(r"url\((?!\.\./fonts/)", css)
    assert all((site / "theme" / "fonts" / f).exists() for f in re.findall(r"\.\./fonts/([\w.-]+)", css))


def test_unknown_province_is_logged_with_its_file_and_the_site_still_builds(tmp_path):
    """Without the validator in front, cdd_archive itself must not crash on a misspelt province."""
    content = tmp_path / "content" / "articles" / "2020"
    content.mkdir(parents=True)
    (content / "typo.md").write_text(
        "Title: พช.ขก.ประชุม\nDate: 2020-10-30\nProvinces: ขอนแกน, ชัยภูมิ\nMissions: poverty, povrty\n"
        "Tags: ประชุม\nSlug: typo\nLang: th\n\nเนื้อข่าว\n", encoding="utf-8")
    output = tmp_path / "output"
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "COLUMNS": "500"}
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(tmp_path / "content"), "-o", str(output), "-s",
         str(ROOT / "pelicanconf.py"), "-e", f'CACHE_PATH="{tmp_path / "cache"}"', 'PLUGINS=["cdd_archive", "cdd_images"]'],  # the article page uses cdd_images' filters
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert "typo.md" in log and "ขอนแกน" in log and "povrty" in log
    soup = page(output, "news/2020/typo")
    assert [a.get_text() for a in soup.select(".article-facts a[href*=province]")] == ["ชัยภูมิ"]


def copy_content(tmp_path: Path) -> Path:
    """content/ copied under tmp_path (the seed articles), to add officers' files to."""
    articles = tmp_path / "content" / "articles"
    for source in (ROOT / "content" / "articles").rglob("*.md"):
        target = articles / source.relative_to(ROOT / "content" / "articles")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return articles


def officer_file(articles: Path, name: str, header: str, body: str) -> Path:
    """A seed article's header with ``header`` lines added before Slug (slug made unique), and ``body``."""
    first = sorted(articles.rglob("*.md"))[0]
    head = first.read_text(encoding="utf-8").split("\n\n", 1)[0]
    added = {line.split(":", 1)[0].lower() for line in header.splitlines()}
    head = "\n".join(line for line in head.splitlines() if line.split(":", 1)[0].lower() not in added)
    head = head.replace("Slug: ", f"{header}Slug: {name}-", 1)
    path = first.parent / f"{name}.md"
    path.write_text(f"{head}\n\n{body}\n", encoding="utf-8")
    return path


def output_texts(output: Path):
    """(path, text) of every file written, search-index shards inflated."""
    import gzip

    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix in (".woff2", ".woff", ".ttf", ".png", ".jpg"):
            continue
        yield path, data.decode("utf-8", errors="replace")


THEME_SCRIPTS = ("theme/js/search-core.js", "theme/js/search.js", "theme/js/map.js", "theme/js/article.js")


def assert_no_live_markup(output: Path) -> None:
    """No event-handler attribute, no javascript:/data:/vbscript: URL and no script but the theme's
    and JSON-LD in any page; feeds well-formed with their entries' HTML as clean."""
    bad_url = re.compile(r"^\s*(javascript|data|vbscript):", re.I)

    def check(soup: BeautifulSoup, where: str) -> None:
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), f"{where}: {element}"
                if name in ("href", "src", "action", "formaction", "data", "poster", "xlink:href"):
                    favicon = element.name == "link" and element.get("rel") == ["icon"] and value == "data:,"
                    assert favicon or not bad_url.match(str(value)), f"{where}: {element}"
            if element.name == "script":
                assert element.get("type") == "application/ld+json" or element.get("src", "").endswith(THEME_SCRIPTS), \
                    f"{where}: {element}"
            assert element.name not in ("iframe", "object", "embed", "form") or element.get("class") == ["search-box"] \
                or element.get("id") == "search-filters", f"{where}: {element}"

    for path, text in output_texts(output):
        where = str(path.relative_to(output))
        if path.suffix == ".html":
            check(BeautifulSoup(text, "html.parser"), where)
        elif path.suffix == ".xml" and "feeds" in path.parts:
            feed = feedparser.parse(path.read_bytes())
            assert not feed.bozo, (where, feed.get("bozo_exception"))
            for entry in feed.entries:
                for part in [*(c.value for c in entry.get("content", [])), entry.get("summary", "")]:
                    check(BeautifulSoup(part, "html.parser"), f"{where} entry {entry.link}")


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_draft_and_hidden_articles_are_in_no_output_file(tmp_path, conf):
    """Status: draft and Status: hidden build without error and their text is nowhere in the output
    (Pelican writes drafts to output/drafts/ and hidden articles to their URL by default)."""
    articles = copy_content(tmp_path)
    officer_file(articles, "draft", "Status: draft\n", "ร่างข่าวยังไม่เผยแพร่ MARKER-DRAFT-7f3a")
    officer_file(articles, "hidden", "Status: hidden\n", "ข่าวซ่อนยังไม่เผยแพร่ MARKER-HIDDEN-19c2")
    output = tmp_path / "output"
    done = build(output, conf, content=tmp_path / "content")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (output / "drafts").exists()
    texts = list(output_texts(output))
    assert len([p for p, _ in texts if p.name == "index.html" and "news" in p.parts]) == len(ARTICLES)
    for path, text in texts:
        for marker in ("MARKER-DRAFT-7f3a", "MARKER-HIDDEN-19c2", "draft-", "hidden-"):
            assert marker not in text, (path, marker)


AUTHOR_PAYLOAD = '<script>alert("author")</script><img src=x onerror=alert(2)>'


def test_officer_payloads_in_body_and_author_are_sanitised_in_pages_and_feeds(tmp_path):
    """Raw HTML in an officer's body is reduced to the allow-list (the validator warns, the article
    is published); the Author is printed as text. Pages and Atom entries carry no live markup."""
    from test_safe_html import PAYLOADS

    articles = copy_content(tmp_path)
    body = "ข่าวมีเนื้อหา **สำคัญ** และ[ลิงก์](https://www.cdd.go.th/)\n\n" + "\n\n".join(
        [*PAYLOADS, "[คลิก](javascript:alert(3))", "[คลิก](java&#x09;script:alert(4))",
         "![ภาพ](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNSk+)", "<javascript:alert(6)>"])
    path = officer_file(articles, "payloads", f"Author: {AUTHOR_PAYLOAD}\n", body)
    summary = "Summary: สรุป <img src=x onerror=alert(7)> [x](javascript:alert(8))"
    path.write_text(re.sub(r"^Summary: .*$", summary, path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    output = tmp_path / "output"
    done = build(output, "publishconf.py", content=tmp_path / "content")
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert "payloads.md:" in log and "will be removed" in log  # the validator's warnings, file:line
    article = next(output.rglob("payloads-*/index.html"))
    soup = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".article-body strong").text == "สำคัญ"
    assert soup.select_one(".article-body a[href='https://www.cdd.go.th/']")
    facts = soup.select_one(".article-facts").get_text()
    assert AUTHOR_PAYLOAD in facts  # shown as text, not markup
    assert_no_live_markup(output)


def test_refused_officer_files_leave_the_rest_of_the_site_whole(tmp_path):
    """Template, Save_as, URL, a control character in the title, a reference to a file outside
    content/, a binary file: each is refused with its file:line, the strict build exits 1, and every
    other article, the search index and the sitemap are written; nothing lands outside output/."""
    articles = copy_content(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("SERVER-SECRET-5b1e", encoding="utf-8")
    officer_file(articles, "template", "Template: x\n", "เนื้อข่าว")
    officer_file(articles, "saveas", "Save_as: ../../escaped.html\n", "เนื้อข่าว")
    officer_file(articles, "url", 'URL: javascript:alert(1)//"><script>alert(1)</script>\n', "เนื้อข่าว")
    control = officer_file(articles, "control", "", "เนื้อข่าว")
    control.write_text(control.read_text(encoding="utf-8").replace("Title: ", "Title: \x07\u202e", 1), encoding="utf-8")
    depth = "../" * 12
    officer_file(articles, "attach", "", f"[ไฟล์]({{attach}}{depth}{secret.relative_to('/')})\n\n"
                 f"![x]({{static}}/../../secret.txt)")
    (articles / "binary.md").write_bytes(b"Title: x\n\n\x00\x01\xff\xfe")
    (articles / "link.md").symlink_to(secret)
    output = tmp_path / "output"
    done = build(output, "publishconf.py", content=tmp_path / "content")
    log = done.stdout + done.stderr
    assert done.returncode == 1, log
    for name, words in [("template.md", "Template"), ("saveas.md", "Save_as"), ("url.md", "URL"),
                        ("attach.md", "outside the content folder"), ("control.md", "U\\+0007"), ("binary.md", "binary"),
                        ("link.md", "symlink")]:
        assert re.search(rf"{name}:\d+: .*{words}", log), (name, log)
    pages = {p.parent.name for p in (output / "news").rglob("index.html")}
    assert pages == {a["slug"] for a in ARTICLES}, log
    assert (output / "search" / "idx" / "meta.json").exists(), log
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"/{article_url(a)}/" in sitemap for a in ARTICLES)
    assert not list(tmp_path.rglob("escaped.html")) and not list(output.rglob("x"))
    for path, text in output_texts(output):
        assert "SERVER-SECRET-5b1e" not in text, path
    assert_no_live_markup(output)


def test_every_published_page_is_valid_html(site):
    """The production build adds canonical links, feed links, absolute URLs and (PER_PAGE = 2)
    numbered pagination on the listings: check it too."""
    import shutil

    assert list(site.rglob("page/2/index.html")), "no paginated listing to check"

    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed (apt-get install default-jre-headless)")
    vnu = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    done = subprocess.run([java, "-jar", str(vnu), "--errors-only", "--skip-non-html", str(site)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr[:5000]


def test_every_template_value_is_escaped_even_an_allowed_url(tmp_path):
    """With URL allowed by the setting (CDD_VALIDATE["allow_fields"]), a hostile URL and title are
    printed escaped in every listing and in prev/next links (Jinja autoescape on for the theme)."""
    articles = copy_content(tmp_path)
    url = 'x"><img src=x onerror=alert(1)><script>alert(2)</script>/'
    officer_file(articles, "escaped", f"URL: {url}\nPeople: <b onmouseover=alert(3)>นาย ก</b>\n",
                 "เนื้อข่าว")
    output = tmp_path / "output"
    done = build(output, "publishconf.py", 'CDD_VALIDATE={"strict": true, "allow_fields": ["url"]}',
                 content=tmp_path / "content")
    assert done.returncode == 0, done.stdout + done.stderr
    home = page(output, "")
    assert f"{SITEURL}/{url}" in [a["href"] for a in home.select(".news-list .news-title a")]
    neighbours = [a["href"] for p in output.rglob("news/*/*/index.html")
                  for a in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select(".prev-next a")]
    assert f"{SITEURL}/{url}" in neighbours
    assert_no_live_markup(output)


def test_an_article_dated_by_its_publication_says_so(tmp_path):
    """DateSource: published (the normaliser found no event date, only the post's date): the page
    labels the date วันที่เผยแพร่ (publication date), not วันที่ (the event's date)."""
    articles = copy_content(tmp_path)
    officer_file(articles, "published", "DateSource: published\n", "เนื้อข่าว")
    officer_file(articles, "text", "DateSource: text\n", "เนื้อข่าว")
    output = tmp_path / "output"
    done = build(output, "publishconf.py", content=tmp_path / "content")
    assert done.returncode == 0, done.stdout + done.stderr
    label = {p.parent.name.split("-")[0]: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
             .select_one(".article-facts dt").get_text()
             for p in output.rglob("news/*/*/index.html") if p.parent.name.startswith(("published-", "text-"))}
    assert label == {"published": "วันที่เผยแพร่", "text": "วันที่"}
    assert page(output, article_url(ARTICLES[0])).select_one(".article-facts dt").get_text() == "วันที่"
