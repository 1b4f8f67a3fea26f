"""Thai search in a real browser: build the site from content/ (and from the development set),
serve it on 127.0.0.1, type queries into the header search box and check the results.

The expected pages are computed from the article files (title, body, provinces, mission names,
date), not written down: a query must find every article whose text contains it (whitespace
ignored, Thai vowels and tone marks kept) and nothing else.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from cdd_thai.tokenize import normalize_text
from test_search_index import ISSUE_QUERIES, NEVER, brute_force, read_article, squeeze
from thai_search.query import parse_query
from thai_search.thai_search import index_order

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval" / "raw"
# Queries taken from the development set's texts (../shared/eval/raw), searched in a site built
# from all of them: names, places, programmes, a date, a word inside a compound.
EVAL_QUERIES = ["สัมมาชีพชุมชน", "หมู่บ้านเศรษฐกิจพอเพียง", "ผ้าไทย", "อำเภอ", "จปฐ", "ภูมิปัญญา",
                "ยากจน", "ผู้ตรวจราชการ", "อุทัยธานี", "วันก่อตั้ง", "ครบรอบ 61 ปี", "รองอธิบดี",
                "นายโชคชัย แก้วป่อง", "ตุลาคม 2566", "09.00 น.", "สตรี", "ข้าว", "ขาว",
                # fragments cut mid-word that span 4+ tokens: index candidates checked on display
                "จสำคัญของกรมการพัฒนาชุ", "นนายสมคิดจันทมฤกอธิบดีกรมการพัฒนา"]

pytestmark = [pytest.mark.browser, pytest.mark.build]


def holding_all(docs, query: str) -> set[int]:
    """Documents holding every word of the query (each word as brute_force reads one)."""
    _phrase, words = parse_query(query, normalize_text)
    return set.intersection(*(brute_force(docs, w) for w in words))


def build_site(content: Path, out: Path) -> None:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(out), "-s",
         str(ROOT / "pelicanconf.py"), "--cache-path", str(out.parent / "cache"), "-q"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (out / "search" / "index.html").exists() and (out / "search" / "idx" / "meta.json").exists()


class Server:
    def __init__(self, root: Path, handler_class=None):
        self.root = root
        handler = functools.partial(handler_class or Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SlowIndex(Quiet):
    """Index files take a while, as on a phone: results come after the first paint."""

    def do_GET(self):
        if "/search/idx/" in self.path:
            time.sleep(0.25)
        super().do_GET()


def articles_in(content: Path):
    return [read_article(p) for p in sorted((content / "articles").rglob("*.md"))]


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    docs = articles_in(ROOT / "content")
    if len(docs) < 5:
        pytest.skip("content/articles has not the five seed articles yet")
    out = tmp_path_factory.mktemp("seed-site") / "output"
    build_site(ROOT / "content", out)
    server = Server(out)
    yield server, docs
    server.close()


@pytest.fixture(scope="module")
def eval_site(tmp_path_factory):
    if not SHARED_EVAL.is_dir():
        pytest.skip("the development set ../shared/eval is not here")
    work = tmp_path_factory.mktemp("eval-site")
    content = work / "content"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "normalize.py"), "-o",
                             str(content / "articles"), *map(str, sorted(SHARED_EVAL.glob("*.txt")))],
                            cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"})
    docs = articles_in(content)
    if len(docs) < 10:
        pytest.fail(f"normalize.py wrote only {len(docs)} articles: {result.stderr[-2000:]}")
    out = work / "output"
    build_site(content, out)
    server = Server(out)
    yield server, docs
    server.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    page.on("request", lambda req: req.url.startswith("http://127.0.0.1") or req.url.startswith("data:")
            or errors.append(f"foreign request: {req.url}"))
    yield page
    context.close()
    assert not errors, errors


def wait_done(page, query: str):
    page.wait_for_function(
        """q => { const l = document.getElementById('search-results');
                  return l && l.dataset.state === 'done' && l.dataset.query === q; }""",
        arg=query, timeout=20000)


def type_query(page, query: str):
    box = page.get_by_label("ค้นหาข่าว", exact=True)
    box.fill("")
    box.press_sequentially(query)
    box.press("Enter")
    if "/search/" not in page.url:
        page.wait_for_url("**/search/**")
    wait_done(page, query)


def result_urls(page) -> list[str]:
    return [urlparse(a).path for a in page.eval_on_selector_all(
        "[data-search-result] a", "links => links.map(a => a.href)")]


def show_all(page):
    more = page.locator("#search-more")
    while more.is_visible():
        count = page.locator("[data-search-result]").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('[data-search-result] h2').length > n",
                               arg=count)
        # the button is shown or hidden only once the whole batch is in
        page.wait_for_function("document.getElementById('search-results').dataset.state === 'done'")


def found_docs(page, docs) -> set[int]:
    ordered = sorted(docs, key=index_order)  # as the index numbers them
    by_path = {"/" + d.url: i for i, d in enumerate(ordered)}
    show_all(page)
    urls = result_urls(page)
    assert all(u in by_path for u in urls), urls
    assert len(urls) == len(set(urls))
    return {by_path[u] for u in urls}


def test_issue_queries_typed_into_the_header_box(seed_site, page):
    server, docs = seed_site
    page.goto(server.base)
    ordered = sorted(docs, key=index_order)  # as the index numbers them
    text_hits = 0
    for query in ISSUE_QUERIES:
        type_query(page, query)
        expected = holding_all(docs, query)  # title, body, provinces, mission names, date
        in_text = {i for i, d in enumerate(ordered) if squeeze(query) in squeeze(d.title + d.body)}
        found = found_docs(page, docs)
        assert in_text and in_text <= found == expected, query
        count = page.locator("#search-results").get_attribute("data-count")
        assert count == str(len(expected))
        assert "พบ" in page.locator("#search-status").inner_text()
        text_hits += len(in_text)
    assert text_hits >= 21  # the issue's 21 page hits, all found
    for query in NEVER:
        type_query(page, query)
        assert page.locator("[data-search-result]").count() == 0, query
        assert page.locator("#search-help").is_visible()
        assert "ไม่พบ" in page.locator("#search-status").inner_text()


def test_query_from_article_page_and_ranking(seed_site, page):
    server, docs = seed_site
    page.goto(server.base + docs[0].url)
    type_query(page, "ระบบราชการ")
    first = page.locator("[data-search-result]").first
    assert "ระบบราชการ 4.0" in first.locator("h2").inner_text()
    seed_003 = next(d for d in docs if "ระบบราชการ 4.0" in d.title and "สงขลา" in d.provinces)
    assert result_urls(page)[0] == "/" + seed_003.url
    assert first.locator("h2 mark").first.inner_text() == "ระบบราชการ"
    assert "q=" in page.url
    # articles that write ความยากจน come before those only filed under the poverty mission
    type_query(page, "ความยากจน")
    by_url = {"/" + d.url: d for d in docs}
    in_text = ["ความยากจน" in "".join((by_url[u].title + by_url[u].body).split())
               for u in result_urls(page)]
    assert in_text == sorted(in_text, reverse=True) and True in in_text


def test_direct_url_runs_the_search_and_highlights(seed_site, page):
    server, docs = seed_site
    query = "โคก หนอง นา"
    page.goto(server.base + "search/?q=" + quote(query))
    wait_done(page, query)
    found = found_docs(page, docs)
    assert found == holding_all(docs, query)
    assert page.get_by_label("ค้นหาข่าว", exact=True).input_value() == query
    marks = page.locator("[data-search-result] .search-excerpt mark").all_inner_texts()
    assert marks and all("".join(m.split()) in {"โคกหนองนา", "โคก", "หนอง", "นา"} for m in marks)
    first = page.locator("[data-search-result]").first.locator(".search-excerpt mark").all_inner_texts()
    assert "โคกหนองนา" in ["".join(m.split()) for m in first]


def test_filters_sort_and_url(seed_site, page):
    server, docs = seed_site
    page.goto(server.base + "search/?q=" + quote("พัฒนาชุมชน"))
    wait_done(page, "พัฒนาชุมชน")
    all_hits = len(result_urls(page))
    page.select_option("#search-province", label=next(
        o for o in page.locator("#search-province option").all_inner_texts() if o.startswith("ขอนแก่น")))
    wait_done(page, "พัฒนาชุมชน")
    in_kk = [d for d in docs if "ขอนแก่น" in d.provinces]
    assert len(result_urls(page)) == len(in_kk) < all_hits
    assert "province=" in page.url
    page.select_option("#search-sort", "old")
    wait_done(page, "พัฒนาชุมชน")
    dates = page.eval_on_selector_all("[data-search-result] time", "ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates)
    # reloading the URL restores query, filter and order
    page.reload()
    wait_done(page, "พัฒนาชุมชน")
    assert page.locator("#search-province").input_value() != ""
    assert page.locator("#search-sort").input_value() == "old"
    assert len(result_urls(page)) == len(in_kk)


def test_keyboard_only(seed_site, page):
    server, _docs = seed_site
    page.goto(server.base + "search/")
    page.get_by_label("ค้นหาข่าว", exact=True).focus()
    page.keyboard.type("อธิบดี")
    page.keyboard.press("Enter")
    wait_done(page, "อธิบดี")
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"
    # Tab reaches the filters, then the first result link
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-search-result]') !== null"):
            break
    else:
        pytest.fail("Tab never reached a result link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/news/**")
    page.screenshot(path=str(ROOT / ".pytest_cache" / "search-after-enter.png"))


def test_development_set_queries(eval_site, page):
    server, docs = eval_site
    page.goto(server.base)
    hits = 0
    for query in EVAL_QUERIES:
        type_query(page, query)
        expected = holding_all(docs, query)
        assert found_docs(page, docs) == expected, query
        hits += len(expected)
    assert hits >= 40  # the queries are not vacuous
    page.screenshot(path=str(ROOT / ".pytest_cache" / "search-eval.png"), full_page=True)


def test_search_page_has_no_axe_violations(seed_site, page):
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.skip("node_modules/axe-core is not installed (npm ci)")
    server, _docs = seed_site
    for query in ("ความยากจน", "ขาว", "พช.ขก.", ""):  # results, none, a name link, browsing
        page.goto(server.base + ("search/?q=" + quote(query) if query else "search/?province=khon-kaen&year=2565"))
        wait_done(page, query)
        page.add_script_tag(content=axe.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run()).violations.map(v => v.id + ': ' + v.nodes[0].html)")
        assert not violations, violations


def test_back_returns_to_the_previous_search(seed_site, page):
    server, _docs = seed_site
    page.goto(server.base + "search/?q=" + quote("ยากจน"))
    wait_done(page, "ยากจน")
    type_query(page, "โคก หนอง นา")
    assert "q=" in page.url and quote("ยากจน") not in page.url
    page.go_back()
    wait_done(page, "ยากจน")
    assert page.get_by_label("ค้นหาข่าว", exact=True).input_value() == "ยากจน"
    assert result_urls(page)


def test_excerpts_are_cut_between_words(seed_site, page):
    server, _docs = seed_site
    page.goto(server.base + "search/?q=" + quote("อธิบดี"))
    wait_done(page, "อธิบดี")
    text = "ที่ประชุมได้หารือเกี่ยวกับการพัฒนาชุมชนอย่างยั่งยืน"
    start, end = text.index("เกี่ยวกับ") + 3, text.index("ชุมชน") + 2  # both inside a word
    hit = text.index("พัฒนา")  # the match the excerpt must keep
    got = page.evaluate("([t, a, b, k]) => window.thaiSearch.snapToWords(t, a, b, k, k + 5)",
                        [text, start, end, hit])
    assert text[got[0]:].startswith(("กับการพัฒนา", "การพัฒนา"))  # ICU may split เกี่ยว|กับ
    assert text[:got[1]].endswith("พัฒนา")
    # every excerpt on the page starts and ends on such a boundary: no dangling vowel or tone mark
    for ex in page.locator("[data-search-result] .search-excerpt").all_inner_texts():
        inner = ex.removeprefix("… ").removesuffix(" …")
        assert not re.match(r"[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]", inner)
        assert not re.search(r"[\u0E40-\u0E44]$", inner)  # a leading vowel waits for its consonant


# Several words (issue 13): each word is looked up as one word is, a result holds all of them.
MULTI_WORD = ["OTOP ลำพูน", "ความยากจน ขอนแก่น", "ผ้าไทย ศรีสะเกษ", "พัฒนาชุมชน ขอนแก่น",
              "อธิบดี ระบบราชการ", "ขอนแก่น สงขลา", "ครัวเรือน ยากจน", "ชุมชน พัฒนา"]


def ordered_urls(docs, ids: set[int]) -> set[str]:
    ordered = sorted(docs, key=index_order)
    return {"/" + ordered[i].url for i in ids}


def test_several_words_find_the_articles_holding_all_of_them(seed_site, page):
    server, docs = seed_site
    page.goto(server.base)
    some = 0
    for query in MULTI_WORD:
        type_query(page, query)
        expected = holding_all(docs, query)
        assert found_docs(page, docs) == expected, query
        assert page.locator("#search-results").get_attribute("data-count") == str(len(expected))
        # a multi-word query is not one string any more: more than the phrase is found
        assert brute_force(docs, query) <= expected
        some += bool(expected)
        if not expected:
            assert "ไม่พบ" in page.locator("#search-status").inner_text()
    assert some >= 5  # the queries are not vacuous on the seeds
    # word order does not matter for what is found, and marks stay: ขาว never finds ข่าว
    type_query(page, "ขอนแก่น ความยากจน")
    assert found_docs(page, docs) == holding_all(docs, "ความยากจน ขอนแก่น")
    type_query(page, "ขาว ขอนแก่น")
    assert page.locator("[data-search-result]").count() == 0


def test_the_phrase_comes_first_then_the_title(seed_site, page):
    server, docs = seed_site
    ordered = sorted(docs, key=index_order)
    mixed = 0
    for query in ("โคก หนอง นา", "ระบบ ราชการ", "ชุมชน พัฒนา", "ครัวเรือน ยากจน"):
        page.goto(server.base + "search/?q=" + quote(query))
        wait_done(page, query)
        show_all(page)
        urls = result_urls(page)
        phrase = ordered_urls(docs, brute_force(docs, query))
        assert phrase and phrase <= set(urls), query
        mixed += bool(set(urls) - phrase)  # both kinds are on the page
        is_phrase = [u in phrase for u in urls]
        assert is_phrase == sorted(is_phrase, reverse=True), query
        # among the others: every word in the title before the rest
        _p, words = parse_query(query, normalize_text)
        by_url = {"/" + d.url: d for d in ordered}
        rest = [u for u in urls if u not in phrase]
        titled = [all(w in squeeze(by_url[u].title) for w in words) for u in rest]
        assert titled == sorted(titled, reverse=True), query
    assert mixed >= 3


def test_a_quoted_phrase_is_the_exact_phrase_only(seed_site, page):
    server, docs = seed_site
    for query in ('"ระบบ ราชการ"', "“ครัวเรือน ยากจน”", '"ชุมชน พัฒนา"'):
        page.goto(server.base + "search/?q=" + quote(query))
        wait_done(page, query)
        expected = brute_force(docs, query.strip('"“”'))
        found = found_docs(page, docs)
        assert found == expected and found < holding_all(docs, query.strip('"“”')), query
    # a quoted phrase and a word together: both must be there
    query = '"โคก หนอง นา" ขอนแก่น'
    page.goto(server.base + "search/?q=" + quote(query))
    wait_done(page, query)
    assert found_docs(page, docs) == brute_force(docs, "โคกหนองนา") & brute_force(docs, "ขอนแก่น")
    # the browser reads queries as query.py does
    for q in ["OTOP  ลำพูน", '"โคก หนอง นา"', "“ผ้า ไทย” ศรีสะเกษ ผ้า", "ข้อ 5 ข้อ5", 'ก "ข ค', "๒๕๖๓ ข่าว"]:
        got = page.evaluate("q => { const r = window.thaiSearch.parseQuery(q); return [r.phrase, r.words]; }", q)
        assert tuple(got) == parse_query(q, normalize_text), q


# Filters on their own, slugs and BE years in URLs, names leading to pages (issue 13, items 2-4).

def facet_counts(docs, province=None, mission=None, year=None):
    """What each filter value would show, the other chosen filters applied (brute force)."""
    from cdd_thai import missions as mission_module, provinces as province_module

    def keep(d, skip):
        return ((skip == "p" or province is None or province in d.provinces)
                and (skip == "m" or mission is None or mission in d.missions)
                and (skip == "y" or year is None or d.date.year + 543 == year))
    counts = {}
    for p in province_module.ALL:
        counts[p.name_th] = sum(keep(d, "p") and p.name_th in d.provinces for d in docs)
    for m in mission_module.MISSIONS:
        counts[m.name_th] = sum(keep(d, "m") and m.slug in d.missions for d in docs)
    for y in {d.date.year + 543 for d in docs}:
        counts[str(y)] = sum(keep(d, "y") and d.date.year + 543 == y for d in docs)
    return {k: v for k, v in counts.items() if v}


def shown_counts(page) -> dict[str, int]:
    out = {}
    for sel in ("#search-province", "#search-mission", "#search-year"):
        for label in page.locator(sel + " option").all_inner_texts()[1:]:
            name, count = re.fullmatch(r"(.+) \(([\d,]+)\)", label).groups()
            out[name] = int(count.replace(",", ""))
    return out


def wait_state(page, state="done"):
    page.wait_for_function("s => document.getElementById('search-results').dataset.state === s", arg=state,
                           timeout=20000)


def test_filters_alone_browse_newest_first_with_counts(seed_site, page):
    server, docs = seed_site
    cases = [("province=khon-kaen", dict(province="ขอนแก่น")),
             ("province=khon-kaen&mission=poverty&year=2563", dict(province="ขอนแก่น", mission="poverty", year=2563)),
             ("mission=organization", dict(mission="organization")), ("year=2565", dict(year=2565))]
    for query, chosen in cases:
        page.goto(server.base + "search/?" + query)
        wait_done(page, "")
        show_all(page)
        want = sorted((d for d in docs if (chosen.get("province") in (None, *d.provinces))
                       and chosen.get("mission") in (None, *d.missions)
                       and chosen.get("year") in (None, d.date.year + 543)), key=index_order, reverse=True)
        assert want and result_urls(page) == ["/" + d.url for d in want], query
        assert page.url.endswith("/search/?" + query)  # slugs and the BE year stay as written
        assert shown_counts(page) == facet_counts(docs, **chosen), query
        assert "ข่าว" in page.locator("#search-status").inner_text()
    # choosing a filter on an empty page browses; its options carry counts before any search
    page.goto(server.base + "search/")
    wait_state(page, "idle")
    assert shown_counts(page) == facet_counts(docs)
    page.select_option("#search-mission", "poverty")
    wait_done(page, "")
    assert "mission=poverty" in page.url
    assert len(result_urls(page)) == sum("poverty" in d.missions for d in docs)


def test_counts_of_a_search_come_with_the_first_use_of_the_filters(seed_site, page):
    """A search loads no facets until the filters are used (they are ~24 KB at 10,000 articles and
    their counts only show in an opened list); then each value has the count of this search."""
    server, docs = seed_site
    query = "พัฒนาชุมชน"
    page.goto(server.base + "search/?q=" + quote(query))
    wait_done(page, query)
    assert page.locator("#search-filters").get_attribute("data-counts") == "years"
    ordered = sorted(docs, key=index_order)
    found = [ordered[i] for i in holding_all(docs, query)]
    page.locator("#search-province").focus()
    page.wait_for_function("document.getElementById('search-filters').dataset.counts === 'all'")
    assert shown_counts(page) == facet_counts(found) and len(found) > 1


def test_old_numeric_urls_read_as_slugs(seed_site, page):
    from cdd_thai import missions as mission_module, provinces as province_module

    server, docs = seed_site
    kk = [p.slug for p in province_module.ALL].index("khon-kaen")
    poverty = [m.slug for m in mission_module.MISSIONS].index("poverty")
    page.goto(server.base + f"search/?q={quote('พัฒนาชุมชน')}&province={kk}&mission={poverty}&year=2020")
    wait_done(page, "พัฒนาชุมชน")
    old = result_urls(page)
    assert page.url.endswith("province=khon-kaen&mission=poverty&year=2563")
    assert page.locator("#search-province").input_value() == "khon-kaen"
    page.goto(server.base + f"search/?q={quote('พัฒนาชุมชน')}&province=khon-kaen&mission=poverty&year=2563")
    wait_done(page, "พัฒนาชุมชน")
    assert result_urls(page) == old == ["/" + d.url for d in docs if "ขอนแก่น" in d.provinces
                                        and "poverty" in d.missions and d.date.year == 2020]


def test_a_name_leads_to_its_page(seed_site, page):
    server, _docs = seed_site
    for query, href in [("โคราช", "province/nakhon-ratchasima/"), ("พช.ขก.", "province/khon-kaen/"),
                        ("สพจ.ขก.", "province/khon-kaen/"), ("จ.ขอนแก่น", "province/khon-kaen/"),
                        ("โคก หนอง นา", "mission/khok-nong-na/"), ("ความยากจน ขอนแก่น", "province/khon-kaen/")]:
        page.goto(server.base + "search/?q=" + quote(query))
        wait_done(page, query)
        links = page.locator("#search-names a")
        assert links.count() >= 1 and links.first.is_visible(), query
        assert urlparse(links.first.get_attribute("href")).path == "/" + href, query
        # above the results
        names_box, results_box = page.locator("#search-names").bounding_box(), page.locator("#search-results").bounding_box()
        assert names_box["y"] + names_box["height"] <= results_box["y"] + 1
    page.goto(server.base + "search/?q=" + quote("ขาว"))
    wait_done(page, "ขาว")
    assert page.locator("#search-names").is_hidden()
    page.goto(server.base + "search/?q=" + quote("พช.ขก."))
    wait_done(page, "พช.ขก.")
    page.locator("#search-names a").first.click()
    page.wait_for_url("**/province/khon-kaen/")
    assert "ขอนแก่น" in page.locator("h1").inner_text()


def test_results_arrive_without_moving_the_page(seed_site, browser):
    """Layout shift on a phone while a search loads (status, results, name links, filters, font):
    under 0.1, with the index files arriving after the first paint."""
    server = Server(seed_site[0].root, SlowIndex)
    context = browser.new_context(viewport={"width": 360, "height": 1400}, device_scale_factor=2, is_mobile=True)
    try:
        page = context.new_page()
        for url, query in [("search/?q=" + quote("ความยากจน"), "ความยากจน"), ("search/?q=" + quote("โคราช"), "โคราช"),
                           ("search/?province=khon-kaen", ""), ("search/?q=" + quote("ขาว"), "ขาว")]:
            page.goto(server.base + url)
            wait_done(page, query)
            shift = page.evaluate("""() => new Promise(done => { let sum = 0; new PerformanceObserver(list => {
                for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; })
                .observe({type: 'layout-shift', buffered: true}); setTimeout(() => done(sum), 100); })""")
            assert shift < 0.1, (url, shift)
    finally:
        context.close()
        server.close()


@pytest.fixture(scope="module")
def updated_site(tmp_path_factory):
    """The seed site built, then built again in place after an article dated before all the others
    was added and one was deleted: the index is updated, not numbered again (the back-dated
    article has the last id, the deleted one leaves a hole)."""
    import json
    import shutil

    work = tmp_path_factory.mktemp("updated-site")
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    out = work / "output"
    build_site(content, out)
    articles = sorted((content / "articles").rglob("*.md"))
    if len(articles) < 5:
        pytest.skip("content/articles has not the five seed articles yet")
    text = articles[1].read_text(encoding="utf-8")
    slug = re.search(r"^Slug: (.+)$", text, re.M).group(1)
    date = re.search(r"^Date: (.+)$", text, re.M).group(1)
    older = (text.replace(f"Slug: {slug}", "Slug: 2019-01-02-older-zqx").replace(f"Date: {date}", "Date: 2019-01-02")
             .replace("Title: ", "Title: ย้อนหลัง ", 1))
    (content / "articles" / "2019" / "2019-01-02-older-zqx.md").write_text(older, encoding="utf-8")
    articles[-1].unlink()
    build_site(content, out)
    meta = json.loads((out / "search" / "idx" / "meta.json").read_text(encoding="utf-8"))
    assert meta["n"] == meta["docs"] + 1 and meta["order"][:2] == [meta["n"] - 1, 1], meta["order"]
    server = Server(out)
    yield server, out
    server.close()


def test_an_index_updated_in_place_sorts_and_filters_by_date(updated_site, page):
    """In the browser, results, sorts and the year filter on the updated index (ids out of date
    order, a hole) are what query.py answers, and that is what a fresh build answers
    (tests/test_search_index.py): the back-dated article first when oldest first, last of 2562."""
    from thai_search.query import answer

    server, out = updated_site
    idx = out / "search" / "idx"
    cases = [("พัฒนาชุมชน", {}), ("พัฒนาชุมชน", {"sort": "old"}), ("พัฒนาชุมชน", {"sort": "new"}),
             ("", {"year": 2019}), ("", {"mission": "organization", "sort": "old"}), ("ระบบราชการ", {})]
    for q, chosen in cases:
        params = {"q": q, **chosen}
        if "year" in chosen:
            params["year"] = chosen["year"] + 543
        page.goto(server.base + "search/?" + "&".join(f"{k}={quote(str(v))}" for k, v in params.items() if v))
        wait_done(page, q)
        show_all(page)
        want, _counts = answer(idx, q, normalize_text, **chosen)
        assert want and result_urls(page) == ["/" + u for u in want], (q, chosen)
        older = "/news/2019/2019-01-02-older-zqx/"
        if chosen.get("sort") == "old":
            assert result_urls(page)[0] == older, (q, chosen)
        if "year" in chosen:  # browsing is newest first: the oldest article of 2562 last
            assert result_urls(page)[-1] == older, (q, chosen)
