"""scripts/serve.py (make serve): every save reaches the preview, the page reloads by itself, build
errors show in the page; output/ itself never carries the preview's script."""
from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from scripts import serve

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def watching(build, folder: Path, release: threading.Event):
    """A Preview of ``folder`` with its watcher and builder running; stopped (the build let go) after."""
    with open(folder / "log", "w") as log:
        preview = serve.Preview(build, [folder], interval=0.05, log=log)
        threads = [threading.Thread(target=t, daemon=True) for t in (preview.watch, preview.run_builds)]
        for t in threads:
            t.start()
        try:
            yield preview
        finally:
            release.set()
            preview.stopping.set()
            for t in threads:
                t.join(5)


def test_a_save_made_while_a_build_runs_is_built_next(tmp_path):
    """The builder on a real folder, with a build that takes its time: the second save, made while
    the first build runs, is built afterwards (Pelican's --autoreload lost it)."""
    article = tmp_path / "a.md"
    article.write_text("first", encoding="utf-8")
    running, release, seen = threading.Event(), threading.Event(), []

    def build():
        seen.append(article.read_text(encoding="utf-8"))
        running.set()
        release.wait(10)
        return [{"level": "error", "message": f"x.md:1: {seen[-1]}"}] if seen[-1] == "broken" else []

    with watching(build, tmp_path, release) as preview:
        assert running.wait(10) and seen == ["first"]  # the first build
        running.clear()
        time.sleep(0.2)
        article.write_text("second save", encoding="utf-8")  # during the build
        time.sleep(0.3)  # the watcher has seen it
        release.set()
        state = preview.status(0, timeout=10)
        assert state["generation"] >= 1
        assert running.wait(10)
        deadline = time.monotonic() + 10
        while preview.generation < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen[:2] == ["first", "second save"]
        # a broken save: its problems are the preview's state until the next good build
        article.write_text("broken", encoding="utf-8")
        state = preview.status(preview.generation, timeout=10)
        while state["problems"] == [] and time.monotonic() < deadline:
            state = preview.status(state["generation"], timeout=5)
        assert state["problems"] == [{"level": "error", "message": "x.md:1: broken"}]
    text = (tmp_path / "log").read_text(encoding="utf-8")
    assert "ผิดพลาด/error: x.md:1: broken" in text and "สร้างเว็บใหม่แล้ว" in text


def test_a_quick_phase_reloads_the_page_once(tmp_path):
    """A save shown by the quick phase moves the generation on (the page reloads) while the full build
    still runs; when that build ends, a page it left as the quick phase wrote it is not reloaded again,
    any other page is."""
    release = threading.Event()

    class Build:
        on_quick = None
        unchanged = None
        calls = 0

        def __call__(self):
            self.calls += 1
            self.unchanged = None
            if self.calls == 2:
                self.on_quick([{"level": "error", "message": "a.md:1: quick"}], 0.2)
                release.wait(10)
                self.unchanged = ["news/2024/a/index.html", "index.html"]
            return []

    build = Build()
    with watching(build, tmp_path, release) as preview:
        build.on_quick = preview.show_quick  # set before the first save: the first build is a full one
        assert preview.status(0, timeout=10)["generation"] == 1  # the first build
        (tmp_path / "a.md").write_text("saved", encoding="utf-8")
        quick = preview.status(1, timeout=10, page="/news/2024/a/")
        assert quick["generation"] == 2 and quick["building"] and quick["reload"]
        assert quick["problems"] == [{"level": "error", "message": "a.md:1: quick"}]
        release.set()
        done = preview.status(2, timeout=10, page="/news/2024/a/")
        assert done["generation"] == 3 and not done["building"] and done["reload"] is False
        assert done["problems"] == []  # the panel follows without a reload
        assert preview.status(2, timeout=0, page="/")["reload"] is False
        assert preview.status(2, timeout=0, page="/news/2024/b/")["reload"] is True  # a neighbour's page changed
        assert preview.status(1, timeout=0, page="/news/2024/a/")["reload"] is True  # it missed the quick phase
    assert "the edited article shown after 0.2 s with 1 error(s)" in (tmp_path / "log").read_text(encoding="utf-8")
    assert serve.page_file("/") == "index.html" and serve.page_file("/news/2024/a/") == "news/2024/a/index.html"
    assert serve.page_file("/404.html") == "404.html"


def test_the_wait_ends_with_ctrl_c_or_when_a_server_stops():
    checks = []

    def running():
        checks.append(1)
        if len(checks) == 3:
            raise KeyboardInterrupt
        return True

    assert serve.wait_for_ctrl_c(running, interval=0) is True and len(checks) == 3
    assert serve.wait_for_ctrl_c(lambda: False, interval=0) is False


def test_sigterm_ends_the_wait_like_ctrl_c_and_the_handler_is_put_back():
    """A preview started in the background has SIGINT ignored: SIGTERM is how a script stops it."""
    import os
    import signal

    before = signal.getsignal(signal.SIGTERM)
    checks = []

    def running():
        checks.append(1)
        if len(checks) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return len(checks) < 10

    assert serve.wait_for_ctrl_c(running, interval=0) is True and len(checks) == 2
    assert signal.getsignal(signal.SIGTERM) is before


def test_editors_temporary_files_are_not_saves(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    before = serve.snapshot([tmp_path])
    (tmp_path / ".a.md.swp").write_text("y", encoding="utf-8")
    (tmp_path / "a.md~").write_text("y", encoding="utf-8")
    assert serve.snapshot([tmp_path]) == before
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")  # reported by the validator: a change
    assert serve.snapshot([tmp_path]) != before


def test_the_script_goes_into_the_served_page_only():
    page = b"<html><body><p>x</p></body></html>"
    assert serve.inject(page, 3) == b'<html><body><p>x</p><script src="/__serve/live.js?g=3"></script></body></html>'
    assert serve.inject(b"<p>x", 0).endswith(b'<script src="/__serve/live.js?g=0"></script>')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.mark.browser
@pytest.mark.build
def test_saves_reload_the_page_and_errors_show_in_it(tmp_path, browser):
    """Real builds of a copy of content/ and real Chromium: a save reloads the open page with the new
    headline; two saves in a row (the second while the first is building) end with the second shown;
    a broken header shows its file, line and message in the page; output/ carries no preview script."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    article = sorted((content / "articles").rglob("*.md"))[0]
    original = article.read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith("Title: "))[7:]
    slug = next(line for line in original.splitlines() if line.startswith("Slug: "))[6:]
    year = article.parent.name
    output, port = tmp_path / "output", free_port()
    log = open(tmp_path / "serve.log", "w")
    server, preview = serve.start(content, output, ROOT / "pelicanconf.py", port, interval=0.2, log=log,
                                  overrides={"CACHE_PATH": str(tmp_path / "cache"), "SITEURL": ""})
    url = f"http://127.0.0.1:{port}/news/{year}/{slug}/"
    try:
        wait_for(lambda: preview.generation >= 1, 240, "the first build")
        context = browser.new_context()
        try:
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            page.get_by_role("heading", name=title, exact=True).wait_for()
            loads = []
            page.on("load", lambda: loads.append(time.monotonic()))

            # The heading can show before the reload's load event fires (a busy machine): wait for that
            # event, or the count below races it.
            with page.expect_event("load"):
                article.write_text(original.replace(f"Title: {title}", "Title: หัวข้อที่แก้ครั้งที่หนึ่ง"),
                                   encoding="utf-8")
            page.get_by_role("heading", name="หัวข้อที่แก้ครั้งที่หนึ่ง").wait_for()  # reloaded by itself
            assert len(loads) == 1
            # the quick phase showed it; the full build that follows leaves this page as it was: no second reload
            wait_for(lambda: not preview.building, 120, "the full build after the quick phase")
            time.sleep(1.0)
            assert len(loads) == 1

            generation = preview.generation
            article.write_text(original.replace(f"Title: {title}", "Title: หัวข้อครั้งที่สอง"), encoding="utf-8")
            wait_for(lambda: preview.building, 30, "the build of the first save to start")
            time.sleep(0.5)
            article.write_text(original.replace(f"Title: {title}", "Title: หัวข้อครั้งที่สาม"), encoding="utf-8")
            page.get_by_role("heading", name="หัวข้อครั้งที่สาม").wait_for()  # the save made during a build
            assert preview.generation >= generation + 2

            article.write_text(original.replace(f"Title: {title}", f"Title : {title}"), encoding="utf-8")
            panel = page.locator("#serve-problems")
            panel.wait_for()
            text = panel.inner_text()
            shown = str(article.relative_to(content))
            assert shown in text and ":1:" in text and "มีช่องว่างก่อนเครื่องหมาย :" in text and "A space before" in text
            assert "see the ERROR lines above" not in text  # the errors themselves, not cdd_validate's count of them
            assert panel.get_attribute("role") == "alert"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as home:  # every page shows them
                assert b'<script src="/__serve/live.js?g=' in home.read()

            article.write_text(original, encoding="utf-8")  # fixed: the panel goes away
            page.locator("#serve-problems").wait_for(state="detached")

        finally:
            context.close()
    finally:
        serve.stop(server)
        log.close()
    assert not [p for p in output.rglob("*.html") if b"__serve" in p.read_bytes()]
    terminal = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in terminal
    # one line per problem, Thai and English together: not hard-wrapped mid-word
    assert any("มีช่องว่างก่อนเครื่องหมาย" in line and "A space before the colon" in line for line in terminal.splitlines())


@pytest.mark.net  # binds and connects 127.0.0.1
def test_the_editor_page_is_served_as_it_is_and_a_missing_page_still_waits_for_the_build(tmp_path, monkeypatch):
    content, output = tmp_path / "content", tmp_path / "output"
    (output / "admin").mkdir(parents=True)
    content.mkdir()
    (output / "index.html").write_bytes(b"<html><body>home</body></html>")
    (output / "admin" / "index.html").write_bytes(b"<html><body>editor</body></html>")
    (output / "404.html").write_bytes(b"<html><body>not here</body></html>")
    monkeypatch.setattr(serve, "Builder", lambda *args, **kwargs: type("B", (), {
        "__call__": lambda self: [], "close": lambda self: None, "report": tmp_path / "r.jsonl"})())
    port = free_port()
    log = open(tmp_path / "log", "w")
    server, preview = serve.start(content, output, tmp_path / "settings.py", port, log=log)
    try:
        def get(path):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as answer:
                    return answer.status, answer.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()
        assert get("/")[1].startswith(b"<html><body>home<script src=\"/__serve/live.js?g=")
        assert get("/admin/") == (200, b"<html><body>editor</body></html>")  # no reload under the officer's hands
        status, body = get("/news/2024/gone/")
        assert status == 404 and b"not here" in body and b"/__serve/live.js" in body
        assert get("/__serve/live.js")[0] == 200
        # a photo uploaded in the editor shows before the build publishes it; nothing else of content/
        (content / "images").mkdir()
        (content / "images" / "a.png").write_bytes(b"\x89PNG photo")
        (content / "secret.md").write_text("x")
        assert get("/images/a.png") == (200, b"\x89PNG photo")
        assert get("/images/../secret.md")[0] == 404 and get("/images/%2e%2e/secret.md")[0] == 404
    finally:
        serve.stop(server)
        log.close()
