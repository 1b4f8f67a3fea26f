"""The scraper against a fake department WordPress site served on 127.0.0.1 (scripts/fakesite.py)."""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from scripts import scrape
from scripts.fakesite import FakeWordPress, hostile_post, seed_posts, synthetic_posts
from scripts.scraper.http import parse_retry_after
from scripts.scraper.wordpress import parse_listing, parse_post_page

# Run in a child process: the scraper with every connection outside 127.0.0.1 refused.
LOOPBACK_ONLY = """
import runpy, socket, sys
_connect = socket.socket.connect
def connect(self, address):
    if isinstance(address, tuple) and address[0] != "127.0.0.1":
        raise OSError(f"test guard: connection to {address[0]} refused (127.0.0.1 only)")
    return _connect(self, address)
socket.socket.connect = connect
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


pytestmark = pytest.mark.usefixtures("loopback_only")  # no test here may reach beyond 127.0.0.1


def make_site(n_synthetic: int = 8, per_page: int = 4, **kwargs) -> FakeWordPress:
    posts = seed_posts() + synthetic_posts(n_synthetic) + [hostile_post()]
    posts[3].malformed = True  # seed 003 (Songkhla)
    posts[6].private = True  # a synthetic post under /html/private/
    site = FakeWordPress(posts, per_page=per_page, **kwargs)
    site.shortlinked = posts[2].id  # seed 002 linked as /html/?p=102
    return site


@pytest.fixture
def site():
    with make_site() as served:
        yield served


@pytest.fixture
def config(tmp_path):
    """A sites file with short waits, so that retries take tenths of seconds."""
    path = tmp_path / "sites.toml"
    path.write_text('[scraper]\nuser_agent = "CDDNewsArchiveBot/test"\ndelay = 0\ntimeout = 1\nretries = 2\n'
                    'backoff = 0.1\n', encoding="utf-8")
    return path


def run(capsys, raw, base, *extra) -> dict:
    """scrape.py in this process; returns its --json summary of the one site."""
    capsys.readouterr()
    code = scrape.main(["-o", str(raw), "--base", base, "--json", *extra])
    out = capsys.readouterr().out
    summary = json.loads(out.strip().splitlines()[-1])
    summary["code"] = code
    summary.update(summary["sites"][0])
    return summary


def stored(raw) -> dict[str, dict]:
    """Posts on disk: key -> metadata; asserts that every HTML file has its metadata and no file is partial."""
    posts = {}
    for folder in [p for p in raw.iterdir() if p.is_dir()]:
        names = {p.name for p in folder.iterdir()}
        assert not [n for n in names if n.endswith(".tmp")], names
        for name in names:
            if name.endswith(".html"):
                key = name[: -len(".html")]
                assert f"{key}.meta.json" in names, f"{name} without metadata"
                meta = json.loads((folder / f"{key}.meta.json").read_text(encoding="utf-8"))
                import hashlib
                assert meta["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
                posts[f"{folder.name}/{key}"] = meta
            elif name.endswith(".meta.json"):
                assert f"{name[:-len('.meta.json')]}.html" in names
    return posts


# ------------------------------------------------------------------------------------ REST API

@pytest.mark.net
def test_rest_site_collects_every_post_with_its_metadata(site, tmp_path, capsys, config):
    summary = run(capsys, tmp_path / "raw", site.url + "/rest/", "--config", str(config))
    public = site.public_posts()
    assert summary["mode"] == "rest" and summary["code"] == 0
    assert summary["new"] == len(public) and summary["failed"] == [] and summary["complete"]
    posts = stored(tmp_path / "raw")
    assert sorted(m["wp_id"] for m in posts.values()) == sorted(p.id for p in public)
    khon_kaen = next(m for m in posts.values() if m["wp_id"] == 102)
    assert khon_kaen["url"].endswith("/rest/2020/10/31/post-102/")
    assert khon_kaen["title"].startswith("พช.ขก.เพิ่มศักยภาพบุคลากร")
    assert khon_kaen["published"] == "2020-10-31T09:30:00"
    assert khon_kaen["categories"] == ["ข่าวประชาสัมพันธ์"] and khon_kaen["via"] == "rest"
    assert khon_kaen["fetched_at"].endswith("+00:00") and khon_kaen["http_date"].endswith("GMT")
    page = next((tmp_path / "raw").glob("*/wp-102.html")).read_text(encoding="utf-8")
    assert "เมื่อวันที่ 30 ตุลาคม 2563" in page  # the post's text, verbatim
    # Two requests for 14 posts: robots.txt and one page of the API (50 a page).
    assert [r["path"] for r in site.requests()] == ["/robots.txt", "/rest/wp-json/wp/v2/posts"]


@pytest.mark.net
@pytest.mark.parametrize("prefix", ["rest", "html"])
def test_a_second_run_with_nothing_new_makes_only_conditional_requests(site, tmp_path, capsys, config, prefix):
    first = run(capsys, tmp_path / "raw", f"{site.url}/{prefix}/", "--config", str(config))
    before = {k: m["sha256"] for k, m in stored(tmp_path / "raw").items()}
    mark = len(site.requests())
    second = run(capsys, tmp_path / "raw", f"{site.url}/{prefix}/", "--config", str(config))
    again = site.requests(since=mark)
    assert first["new"] == 13 and second["new"] == 0 and second["changed"] == 0 and second["complete"]
    assert [(r["path"], r["status"]) for r in again] == [
        ("/robots.txt", 304), (f"/{prefix}/wp-json/wp/v2/posts" if prefix == "rest" else "/html/", 304)]
    assert all("If-None-Match" in r["headers"] for r in again)
    assert {k: m["sha256"] for k, m in stored(tmp_path / "raw").items()} == before


@pytest.mark.net
def test_an_edited_post_is_fetched_again_and_nothing_else(site, tmp_path, capsys, config):
    run(capsys, tmp_path / "raw", site.url + "/rest/", "--config", str(config))
    site.change_post(104, "แก้ไขข่าว: เพิ่มรายชื่อผู้เข้าร่วมโครงการเพชรบูรณ์คูณสุข")
    summary = run(capsys, tmp_path / "raw", site.url + "/rest/", "--config", str(config))
    assert summary["changed"] == 1
    assert summary["new"] == 0 and summary["unchanged"] >= 1
    page = next((tmp_path / "raw").glob("*/wp-104.html")).read_text(encoding="utf-8")
    assert "แก้ไขข่าว: เพิ่มรายชื่อผู้เข้าร่วม" in page
    assert len(stored(tmp_path / "raw")) == 13


# ----------------------------------------------------------------------------------------- HTML

@pytest.mark.net
def test_html_site_is_walked_through_listing_and_post_pages(site, tmp_path, capsys, config):
    summary = run(capsys, tmp_path / "raw", site.url + "/html/", "--config", str(config))
    assert summary["mode"] == "html" and summary["new"] == 13 and summary["failed"] == []
    assert [s["url"] for s in summary["skipped"]] == [site.url + "/html/private/post-1001/"]
    paths = [r["path"] for r in site.requests()]
    assert not [p for p in paths if "/private/" in p]  # robots.txt obeyed
    assert "/html/page/2" in paths and "/html/page/2/" in paths  # WordPress's trailing-slash redirect followed
    posts = stored(tmp_path / "raw")
    by_id = {m["wp_id"]: m for m in posts.values()}
    assert set(by_id) == {p.id for p in site.public_posts()}  # ids read from the markup
    assert by_id[102]["aliases"] == [site.url + "/html/?p=102"]  # shortlink redirected to the permalink
    assert by_id[102]["url"] == site.url + "/html/2020/10/31/post-102/"
    assert by_id[102]["etag"] and by_id[102]["last_modified"].endswith("GMT")
    assert by_id[1000]["categories"] == site.posts[1000].categories == ["ข่าวจังหวัด", site.posts[1000].categories[1]]
    broken = next((tmp_path / "raw").glob("*/wp-103.html")).read_text(encoding="utf-8")
    assert "ผนึกกำลัง พช. ใต้อ่าวไทย" in broken  # malformed page: its text kept
    assert "example.invalid" not in " ".join(paths)


@pytest.mark.net
def test_full_walk_of_an_html_site_finds_an_edited_post_by_conditional_requests(site, tmp_path, capsys, config):
    """A WordPress listing does not change when an old post is edited: --full (a weekly run) asks for
    every post conditionally, and only the edited one is sent again."""
    run(capsys, tmp_path / "raw", site.url + "/html/", "--config", str(config))
    oldest = min(site.public_posts(), key=lambda p: p.published)
    site.change_post(oldest.id, "แก้ไขข่าว: ปรับปรุงจำนวนผู้เข้าร่วม")
    mark = len(site.requests())
    summary = run(capsys, tmp_path / "raw", site.url + "/html/", "--config", str(config), "--full")
    assert summary["changed"] == 1 and summary["new"] == 0
    post_requests = [r for r in site.requests(since=mark) if "/post-" in r["path"]]
    assert post_requests and all("If-None-Match" in r["headers"] for r in post_requests)
    assert [r["status"] for r in post_requests].count(200) == 1  # only the edited post is sent again


# ----------------------------------------------------------------------------------- politeness

@pytest.mark.net
def test_retry_after_is_honoured_and_a_500_recovers(site, tmp_path, capsys, config):
    site.throttle["/rest/wp-json/wp/v2/posts"] = [1, 1]  # one 429 with Retry-After: 1
    site.fail["/robots.txt"] = 2  # two 500s, then robots.txt is served
    summary = run(capsys, tmp_path / "raw", site.url + "/rest/", "--config", str(config))
    assert summary["new"] == 13 and summary["failed"] == []
    log = site.requests()
    assert [r["status"] for r in log] == [500, 500, 200, 429, 200]
    assert log[4]["t"] - log[3]["t"] >= 0.95  # waited for Retry-After
    assert log[1]["t"] - log[0]["t"] >= 0.09 and log[2]["t"] - log[1]["t"] >= 0.19  # back-off doubles
    assert summary["requests"]["retries"] == 3


@pytest.mark.net
def test_a_retry_after_longer_than_we_wait_fails_that_page_and_says_so(site, tmp_path, capsys, config):
    site.throttle["/html/"] = [1, 86400]
    summary = run(capsys, tmp_path / "raw", site.url + "/html/", "--config", str(config))
    assert summary["new"] == 0 and not summary["complete"]
    assert "Retry-After 86400 s" in summary["failed"][0]["reason"]


@pytest.mark.net
def test_a_hanging_page_times_out_is_reported_and_comes_on_the_next_run(site, tmp_path, capsys, config):
    hung = "/html/2020/10/31/post-102/"
    site.hang.add(hung)
    started = time.monotonic()
    summary = run(capsys, tmp_path / "raw", site.url + "/html/", "--config", str(config), "--retries", "0")
    assert time.monotonic() - started < 20
    assert [(f["url"], f["reason"].split(" after")[0]) for f in summary["failed"]] == [
        (site.url + "/html/?p=102", "time-out")]
    assert summary["new"] == 12 and not summary["complete"]
    site.hang.clear()
    again = run(capsys, tmp_path / "raw", site.url + "/html/", "--config", str(config))
    assert again["new"] == 1 and again["failed"] == [] and again["complete"]
    assert len(stored(tmp_path / "raw")) == 13


@pytest.mark.net
def test_one_request_at_a_time_with_the_delay_and_our_user_agent(tmp_path, capsys):
    with make_site(n_synthetic=1, per_page=3) as site:
        run(capsys, tmp_path / "raw", site.url + "/html/", "--delay", "0.3", "--timeout", "2")
        log = site.requests()
    assert len(log) >= 8 and site.max_active == 1
    starts = [r["t"] for r in log]
    # The client spaces its requests by 0.3 s; arrival times here carry the machine's jitter.
    assert starts[-1] - starts[0] >= 0.3 * (len(starts) - 1) - 0.05
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.15
    assert {r["headers"]["User-Agent"] for r in log} == {scrape.USER_AGENT}


@pytest.mark.net
def test_an_unreachable_robots_txt_means_nothing_is_fetched(site, tmp_path, capsys, config):
    site.fail["/robots.txt"] = 99
    summary = run(capsys, tmp_path / "raw", site.url + "/html/", "--config", str(config))
    assert {r["path"] for r in site.requests()} == {"/robots.txt"}
    assert summary["new"] == 0 and not summary["complete"]
    assert [f["reason"][:37] for f in summary["failed"]] == ["robots.txt unreachable (HTTP 500 (3 a"]


# ----------------------------------------------------------------------------- killed and resumed

def _spawn(raw, base):
    return subprocess.Popen([sys.executable, "-c", LOOPBACK_ONLY, str(ROOT / "scripts" / "scrape.py"),
                             "-o", str(raw), "--base", base, "--delay", "0", "--timeout", "5"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, "PYTHONHASHSEED": "0"})


@pytest.mark.net
@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["html", "rest"])
def test_killed_at_random_points_20_times_a_run_always_ends_with_exactly_the_servers_posts(tmp_path, prefix):
    """Each round the site publishes a post (and, through the API, edits one), a scraper is killed
    with SIGKILL at a random moment of its run, and the next run must leave exactly the server's posts."""
    rng = random.Random(20)
    arriving = synthetic_posts(40, first_id=5000, seed=11)
    for i, post in enumerate(arriving):  # published now: the newest post, first in every listing
        post.published = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(minutes=i)
    with make_site(n_synthetic=30, per_page=6, latency=0.004) as site:
        site.offsite_link = False
        raw = tmp_path / "raw"
        kills = 0
        for round_, post in enumerate(arriving):
            if kills == 20:
                break
            if kills % 5 == 0:  # now and then a fresh archive, otherwise resume what killed runs left
                subprocess.run(["rm", "-rf", str(raw)], check=True)
            site.posts[post.id] = post
            expected = sorted(p.id for p in site.public_posts())
            edited = expected[round_ % len(expected)]
            if prefix == "rest":  # an edit shows in the API's modified order (HTML listings don't show it)
                site.change_post(edited, f"แก้ไขครั้งที่ {round_}")
            # Killed a random few milliseconds after its k-th request reached the server (k random):
            # mid-run, at any step of fetching, parsing or writing. A run that ends first is no kill.
            mark = len(site.requests())
            process = _spawn(raw, f"{site.url}/{prefix}/")
            k = rng.randint(1, 4)
            while process.poll() is None and len(site.requests(since=mark)) < k:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.02))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                kills += 1
            assert _spawn(raw, f"{site.url}/{prefix}/").wait(120) == 0
            posts = stored(raw)  # no partial file, every page with its metadata
            assert sorted(m["wp_id"] for m in posts.values()) == expected, f"round {round_}"
            assert len({m["url"] for m in posts.values()}) == len(expected)  # no duplicates
            if prefix == "rest":
                page = (raw / posts_folder(raw) / f"wp-{edited}.html").read_text(encoding="utf-8")
                assert f"แก้ไขครั้งที่ {round_}" in page, f"round {round_}: the edit was lost"
    assert kills == 20


def posts_folder(raw) -> str:
    (folder,) = [p.name for p in raw.iterdir() if p.is_dir()]
    return folder


# ------------------------------------------------------------------------------ pure functions

def test_retry_after_header_forms():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_listing_and_post_pages_of_a_wordpress_theme():
    listing = ('<main><article id="post-7"><h2 class="entry-title"><a href="/khonkaen/2020/10/30/a/" rel="bookmark">'
               'ข่าว ก</a></h2></article><article><h2 class="entry-title"><a href="https://other.example/x/">อื่น</a>'
               '</h2></article><div class="nav-previous"><a href="/khonkaen/page/2/">เก่ากว่า</a></div></main>')
    links, older = parse_listing(listing, "https://province.cdd.go.th/khonkaen/", "https://province.cdd.go.th/khonkaen/")
    assert links == ["https://province.cdd.go.th/khonkaen/2020/10/30/a/"]
    assert older == "https://province.cdd.go.th/khonkaen/page/2/"
    post = parse_post_page('<html><head><link rel="shortlink" href="/?p=51"></head><body class="single postid-51">'
                           '<h1 class="entry-title">หัวข้อ &amp; ข่าว</h1><time class="entry-date" datetime="2020-10-30T09:00:00+07:00">'
                           '</time><div class="entry-content"><p>เนื้อข่าว<script>x()</script></p></div>', "https://s/a/")
    assert (post.title, post.wp_id, post.published[:10]) == ("หัวข้อ & ข่าว", 51, "2020-10-30")
    assert "<script>x()</script>" in post.content  # kept verbatim; the normaliser reads text only
    with pytest.raises(ValueError):
        parse_post_page("<html><body><p>404</p></body></html>", "https://s/b/")


@pytest.mark.parametrize("text, problem", [
    ("[scraper\n", "not valid TOML"),
    ('[[site]]\nname = "x"\n', "needs name and base"),
    ('[[site]]\nname = "x"\nbase = "ftp://x/"\n', "must be an http(s) URL"),
    ('[scraper]\ndelays = 1\n', "unknown keys: delays"),
])
def test_a_bad_sites_file_is_named_with_its_problem(tmp_path, capsys, text, problem):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    assert scrape.main(["-o", str(tmp_path / "raw"), "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and problem in err


def test_the_projects_sites_file_is_valid():
    client, sites = scrape.load_config(ROOT / "sites.toml")
    assert sites and all(s.base.startswith("https://") for s in sites)
    assert client["delay"] >= 1 and client["user_agent"].isascii()


def test_page_text_follows_the_declared_charset_and_falls_back_to_thai_windows():
    from scripts.scraper.http import Fetched

    thai = "ข่าวพัฒนาชุมชน"
    assert Fetched("u", 200, {"content-type": "text/html; charset=TIS-620"}, thai.encode("tis-620")).text() == thai
    assert Fetched("u", 200, {"content-type": "text/html"}, thai.encode("utf-8")).text() == thai
    assert Fetched("u", 200, {}, thai.encode("cp874")).text() == thai


@pytest.mark.net
def test_a_killed_rest_walk_resumes_its_listing_where_it_stopped(tmp_path):
    """SIGKILL half-way through the API's listing: the next run asks for page 1 and what arrived since
    (the API lists new and edited posts first), then goes on one page before the page the killed run had
    reached, instead of walking every page again."""
    from urllib.parse import parse_qs

    with make_site(n_synthetic=30, latency=0.05) as site:
        site.offsite_link = False
        config = tmp_path / "sites.toml"
        config.write_text('[scraper]\ndelay = 0\ntimeout = 5\nretries = 0\n\n[[site]]\nname = "fake"\n'
                          f'base = "{site.url}/rest/"\napi = "rest"\nper_page = 5\n', encoding="utf-8")
        raw = tmp_path / "raw"
        cmd = [sys.executable, "-c", LOOPBACK_ONLY, str(ROOT / "scripts" / "scrape.py"), "-o", str(raw),
               "--config", str(config), "--site", "fake"]
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        state_file = raw / "fake" / ".state.json"
        reached, deadline = 0, time.monotonic() + 60
        while reached < 5 and time.monotonic() < deadline and process.poll() is None:
            try:
                reached = json.loads(state_file.read_text(encoding="utf-8")).get("resume", {}).get("page", 0)
            except (OSError, ValueError):
                pass
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = json.loads(state_file.read_text(encoding="utf-8"))
        assert not state["complete"] and state["resume"]["page"] >= 5
        reached = state["resume"]["page"]
        newcomer = synthetic_posts(1, first_id=7000, seed=3)[0]  # published while the scraper was down
        newcomer.published = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        site.posts[newcomer.id] = newcomer
        mark = len(site.requests())
        assert subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=120).returncode == 0
        pages = [int(parse_qs(r["query"])["page"][0]) for r in site.requests(since=mark)
                 if r["path"] == "/rest/wp-json/wp/v2/posts"]
        last = -(-len(site.public_posts()) // 5)
        assert pages == [1, 2, *range(reached - 1, last + 1)], pages
        posts = stored(raw)
        assert sorted(m["wp_id"] for m in posts.values()) == sorted(p.id for p in site.public_posts())
        state = json.loads(state_file.read_text(encoding="utf-8"))
        assert state["complete"] and "resume" not in state
