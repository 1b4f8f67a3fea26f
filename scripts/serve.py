"""ดูตัวอย่างเว็บขณะเขียนข่าว / The live preview: rebuilt after every save, the page reloads by itself.

    python scripts/serve.py                  # http://127.0.0.1:8000/  (make serve)
    python scripts/serve.py --port 8001 --content content --output output -s pelicanconf.py

- Every save is picked up: the files of content/, theme/ and the settings are compared every
  --interval seconds; a change made while a build runs starts another build as soon as it ends, so
  the last save always reaches the preview (Pelican's --autoreload missed a second save).
- The browser reloads the page by itself after each build: the pages this server sends carry a small
  script (/__serve/live.js) that waits for the next build. The files in output/ are never changed:
  the public site carries nothing of it.
- Build errors and warnings appear in the page too (a panel at the top, in Thai and English, file and
  line), and in the terminal, one line each, without a traceback. The builds carry the setting
  ``CDD_LIVE_PREVIEW=True`` (as ``pelican -e`` would): an invalid article is reported, not a failure.

- A saved article shows in about a second, whatever the archive's size: when only existing articles
  changed since the last build, the worker first re-reads just those files and writes their pages
  and the listing pages holding them (scripts/quick_preview.py, the *quick phase*: validation,
  tags, provinces, photos as in a full build; byte for byte the full build's pages), the page
  reloads, then the full build brings the rest up to date (neighbours, tags, the search index,
  feeds) without reloading a page it left as the quick phase wrote it. A new, deleted or moved
  article (Slug, Date, Status, Provinces...), a page, a photo, the theme or the settings: the full
  build only, as before.

The builds run in a child process (python scripts/serve.py --worker ...) that stays up between builds
(the first build loads Pelican, the plugins and the Thai word lists; it keeps what the last build
read for the quick phase), so a plugin that crashes or hangs never takes the preview down: the worker
is started again. Only 127.0.0.1 is served. Ctrl-C stops.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import logging
import os
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from scripts import quick_preview

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PREFIX = "/__serve/"
NO_RELOAD = ("/admin/",)  # the editor (make edit) must not reload under the officer's hands after a save
SKIP_SUFFIXES = quick_preview.SKIP_SUFFIXES
LIVE_JS = r"""(function () {
  "use strict";
  // make serve only (scripts/serve.py): reload after each build, show the build's problems.
  // the build this page came from (in the script's URL): a build that ends before the first poll still reloads
  var seen = Number((/[?&]g=(\d+)/.exec(document.currentScript ? document.currentScript.src : "") || [])[1]);
  if (isNaN(seen)) seen = null;
  var panel = null;
  function render(state) {
    var problems = state.problems || [];
    if (!problems.length) { if (panel) { panel.remove(); panel = null; } return; }
    if (!panel) {
      panel = document.createElement("section");
      panel.id = "serve-problems";
      panel.setAttribute("role", "alert");
      panel.setAttribute("lang", "th");
      panel.style.cssText = "position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:50vh;overflow:auto;" +
        "margin:0;padding:.75rem 1rem;background:#fff8e1;color:#3b2300;border-bottom:3px solid #b45309;" +
        "font:15px/1.5 Sarabun,system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.2)";
      document.body.appendChild(panel);
    }
    panel.textContent = "";
    var errors = problems.filter(function (p) { return p.level === "error"; }).length;
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 .25rem;font-size:1rem";
    title.textContent = errors ? "สร้างเว็บไม่สำเร็จทั้งหมด: ข้อผิดพลาด " + errors + " รายการ (ข่าวที่ผิดยังไม่ขึ้นเว็บ) / " +
      "Build problems: " + errors + " error(s), the articles concerned are not published"
      : "คำเตือนจากการสร้างเว็บ / Build warnings";
    panel.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.25rem";
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = (p.level === "error" ? "ผิดพลาด/error: " : "คำเตือน/warning: ") + p.message;
      item.style.cssText = "white-space:pre-wrap;overflow-wrap:anywhere";
      list.appendChild(item);
    });
    panel.appendChild(list);
  }
  function wait(first) {
    // the first look answers at once (the panel shows as the page loads), the next ones wait for a build
    fetch("/__serve/status?since=" + (first || seen === null ? -1 : seen) + "&page=" + encodeURIComponent(location.pathname),
          { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        // reload: false when the build after the quick phase left this very page as it was shown
        if (seen !== null && state.generation !== seen && state.reload !== false) { location.reload(); return; }
        seen = state.generation;
        render(state);
        wait();
      })
      .catch(function () { setTimeout(wait, 2000); });  // the server restarts: try again
  }
  wait(true);
})();
"""


# --- watching ----------------------------------------------------------------------------------------

def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """path -> (mtime_ns, size) of every file under ``paths`` (editors' temporary files left out):
    quick_preview.scan, one os.scandir walk (a few tens of milliseconds at 10,000 articles)."""
    return quick_preview.scan(paths)


SETTLE = 0.1  # seconds: a change seen is built once the files look the same this much later


class Preview:
    """The state shared by the watcher, the builder and the web server."""

    def __init__(self, build, watched: list[Path], interval: float = 0.3, log=sys.stderr):
        self.build, self.watched, self.interval, self.log = build, watched, interval, log
        self.generation = 0  # finished builds (and quick phases)
        # (generation, output files): a full build after a quick phase, and the pages it left as the
        # quick phase wrote them (a browser showing one of those need not reload)
        self.same_pages: tuple[int, frozenset] = (-1, frozenset())
        self.building = False
        self.problems: list[dict] = []
        self.changed = threading.Event()
        self.stopping = threading.Event()
        self.cond = threading.Condition()

    def watch(self) -> None:
        last = snapshot(self.watched)
        self.changed.set()  # the first build
        pending, wait = False, self.interval
        while not self.stopping.wait(wait):
            now = snapshot(self.watched)
            if now != last:
                # wait until it holds still (a save is often several writes, milliseconds apart):
                # looked at again soon, not a whole interval later
                last, pending, wait = now, True, min(self.interval, SETTLE)
            else:
                if pending:
                    self.changed.set()
                pending, wait = False, self.interval

    def run_builds(self) -> None:
        while not self.stopping.is_set():
            if not self.changed.wait(0.5):
                continue
            # cleared before the build reads anything: a save from now on sets it again and is built next
            self.changed.clear()
            with self.cond:
                self.building = True
                self.cond.notify_all()
            started = time.monotonic()
            problems = self.build()
            seconds = time.monotonic() - started
            unchanged = getattr(self.build, "unchanged", None)
            with self.cond:
                self.building = False
                self.problems = problems
                self.generation += 1
                self.same_pages = (self.generation, frozenset(unchanged or ()))
                self.cond.notify_all()
            self.report(problems, seconds)

    def show_quick(self, problems: list[dict], seconds: float) -> None:
        """The quick phase has written the edited article's pages: the browser reloads now, the full
        build goes on (``building`` stays true until it ends)."""
        with self.cond:
            self.problems = problems
            self.generation += 1
            self.cond.notify_all()
        errors = sum(p["level"] == "error" for p in problems)
        for problem in problems:
            if problem["level"] == "error":
                self.log.write(f"  ผิดพลาด/error: {problem['message']}\n")
        self.log.write(f"[{time.strftime('%H:%M:%S')}] แสดงข่าวที่แก้แล้ว ({seconds:.1f} วินาที"
                       f"{f', ข้อผิดพลาด {errors} รายการ' if errors else ''}) กำลังสร้างส่วนอื่นต่อ / "
                       f"the edited article shown after {seconds:.1f} s"
                       f"{f' with {errors} error(s)' if errors else ''}; the rest of the site is being rebuilt\n")
        self.log.flush()

    def report(self, problems: list[dict], seconds: float) -> None:
        errors = sum(p["level"] == "error" for p in problems)
        for problem in problems:
            label = "ผิดพลาด/error" if problem["level"] == "error" else "คำเตือน/warning"
            self.log.write(f"  {label}: {problem['message']}\n")
        stamp = time.strftime("%H:%M:%S")
        if errors:
            self.log.write(f"[{stamp}] สร้างเว็บแล้วแต่มีข้อผิดพลาด {errors} รายการ ({seconds:.1f} วินาที) — ดูในหน้าเว็บได้ด้วย / "
                           f"built with {errors} error(s) in {seconds:.1f} s — shown in the page too\n")
        else:
            self.log.write(f"[{stamp}] สร้างเว็บใหม่แล้ว ({seconds:.1f} วินาที) หน้าเว็บจะโหลดใหม่เอง / "
                           f"rebuilt in {seconds:.1f} s, the page reloads by itself\n")
        self.log.flush()

    def status(self, since: int, timeout: float = 20.0, page: str | None = None) -> dict:
        """The state once a build newer than ``since`` finished (or after ``timeout``); ``reload``:
        whether the browser showing ``page`` (a URL path) at ``since`` must reload."""
        with self.cond:
            self.cond.wait_for(lambda: self.generation != since or self.stopping.is_set(), timeout)
            same_generation, same = self.same_pages
            kept = (page is not None and self.generation == since + 1 == same_generation
                    and page_file(page) in same)
            return {"generation": self.generation, "building": self.building, "problems": self.problems,
                    "reload": not kept}


def page_file(url_path: str) -> str:
    """The output file (relative, POSIX) a URL path is served from: /news/2024/x/ -> news/2024/x/index.html."""
    path = url_path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


# --- building (in a child process) -------------------------------------------------------------------

DONE = "\x00cdd-serve-done"  # the worker's line after each build (Pelican prints to stdout as well)
QUICK = "\x00cdd-serve-quick"  # the worker's line once the quick phase has written the edited pages
BUILD_TIMEOUT = 600  # seconds: a build that takes longer is stopped and the worker started again
WORKER_BUILDS = 50  # builds per worker, then a fresh one (whatever a plugin keeps grows no further)


LIVE_PREVIEW = {"CDD_LIVE_PREVIEW": True}  # the setting a live preview's build carries (cdd_validate: no exception)


class Collect(logging.Handler):
    """The build's warnings and errors as the officer sees them: ``problems``, {"level", "message"}."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.problems: list[dict] = []

    def emit(self, record):
        level = "error" if record.levelno >= logging.ERROR else "warning"
        if level == "warning" and record.name.startswith("pelican"):
            return  # Pelican's own notes (feeds without SITEURL, time zone): not the officer's business
        if getattr(record, "cdd_summary", False):
            return  # cdd_validate's count of the errors, each of them already reported
        try:
            message = record.getMessage()
        except Exception:  # a bad format string in someone's log call
            message = str(record.msg)
        self.problems.append({"level": level, "message": " ".join(message.split())})


def worker(content: Path, output: Path, settings_file: Path, overrides: dict) -> int:
    """Builds on request: each line on stdin names a report file, to which every warning and error
    of the build is written as a JSON line (level, message); then DONE and the status on stdout.

    Before the full build, the quick phase (scripts/quick_preview.py): when only existing articles
    changed since the last full build of this worker, their pages and listings are written at once
    and QUICK with their problems (JSON) is printed; the full build then catches everything else up."""
    collect = Collect()
    collected = collect.problems
    logging.basicConfig(level=logging.WARNING, handlers=[collect], force=True)
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    capture = quick_preview.Capture()
    signals.article_writer_finalized.connect(capture, weak=False)
    session: quick_preview.Session | None = None
    warm = False
    for line in sys.stdin:
        status = 0
        started = time.monotonic()
        collected.clear()
        settings = shown = None
        try:
            settings = read_settings(str(settings_file), override={
                **overrides, **LIVE_PREVIEW, "PATH": str(content), "OUTPUT_PATH": str(output)})
        except Exception as exc:  # one line, no traceback
            status = 1
            logging.getLogger("serve").error("%s: %s", type(exc).__name__, str(exc) or "")
        watched = [content, Path(settings["THEME"]) if settings else ROOT / "theme", settings_file]
        if session is not None and settings is not None:
            try:
                quick = quick_preview.quick_update(session, quick_preview.scan(watched), collected)
            except Exception as exc:  # the full build decides
                quick = None
                sys.stdout.write(f"quick phase skipped: {type(exc).__name__}: {exc}\n")
            if quick is not None:
                shown = quick_preview.digests(quick.written)
                sys.stdout.write(f"\n{QUICK} {time.monotonic() - started:.3f} "
                                 f"{json.dumps(quick.problems, ensure_ascii=False)}\n")
                sys.stdout.flush()
        session = None  # its articles go now, before the full build reads the archive again
        capture.generator = None
        collected.clear()
        if settings is not None:
            snapshot = quick_preview.scan(watched)  # before anything is read: a later save is a change
            try:
                Pelican(settings).run()
                if capture.generator is not None:
                    session = quick_preview.Session(capture.generator, snapshot)
            except Exception as exc:  # one line, no traceback
                status = 1
                logging.getLogger("serve").error("%s: %s", type(exc).__name__, str(exc) or "")
        capture.generator = None
        if session is not None:
            session.problems = list(collected)
        with open(line.strip(), "w", encoding="utf-8") as report:
            for problem in collected:
                report.write(json.dumps(problem, ensure_ascii=False) + "\n")
        # after a quick phase, the pages the full build left as that phase wrote them
        same = "" if shown is None else " " + json.dumps(
            [os.path.relpath(p, output).replace(os.sep, "/") for p, d in quick_preview.digests(shown).items()
             if d == shown[p]], ensure_ascii=False)
        sys.stdout.write(f"\n{DONE} {status}{same}\n")
        sys.stdout.flush()
        if session is not None and not warm:
            try:
                quick_preview.warm_up()  # once, while the officer reads the page
                warm = True
            except Exception as exc:
                sys.stdout.write(f"quick phase warm-up failed: {type(exc).__name__}: {exc}\n")
    return 0


def tidy(problems: list[dict]) -> list[dict]:
    """Errors first, each problem once (Pelican may log one twice); cdd_validate's "not published
    until fixed" sums up the error above it: a warning."""
    for problem in problems:
        if problem["message"].endswith("not published until fixed"):
            problem["level"] = "warning"
    unique = list({(p["level"], p["message"]): p for p in problems}.values())
    return sorted(unique, key=lambda p: p["level"] != "error")


class Builder:
    """Runs builds in the worker process, starting (again) one when there is none."""

    def __init__(self, content: Path, output: Path, settings: Path, overrides: dict, log_file=None):
        self.command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--content", str(content),
                        "--output", str(output), "-s", str(settings),
                        "--overrides", json.dumps(overrides, ensure_ascii=False)]
        self.env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1",
                    "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
        self.report = Path(tempfile.mkstemp(prefix="cdd-serve-", suffix=".jsonl")[1])
        self.log_file = log_file
        self.process: subprocess.Popen | None = None
        self.builds = 0
        self.on_quick = None  # called with the quick phase's problems and seconds (Preview.show_quick)
        self.unchanged: list[str] | None = None  # after a quick phase: the pages the full build left alone

    def _worker(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None or self.builds >= WORKER_BUILDS:
            self.close()
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                            encoding="utf-8", errors="replace")
            self.builds = 0
        return self.process

    def __call__(self) -> list[dict]:
        process = self._worker()
        self.builds += 1
        status, output = None, []
        self.unchanged = None
        timer = threading.Timer(BUILD_TIMEOUT, process.kill)
        timer.start()
        try:
            process.stdin.write(f"{self.report}\n")
            process.stdin.flush()
            for line in process.stdout:
                if line.startswith(QUICK):
                    _, seconds, found = line.rstrip("\n").split(" ", 2)
                    if self.on_quick is not None:
                        self.on_quick(tidy(json.loads(found)), float(seconds))
                    continue
                if line.startswith(DONE):
                    parts = line.rstrip("\n").split(" ", 2)
                    status = int(parts[1])
                    if len(parts) > 2:
                        self.unchanged = json.loads(parts[2])
                    break
                output.append(line)
        except (BrokenPipeError, OSError):
            pass
        finally:
            timer.cancel()
        if self.log_file is not None:
            self.log_file.write("".join(output))
        problems = []
        try:
            problems = [json.loads(line) for line in self.report.read_text(encoding="utf-8").splitlines() if line]
        except (OSError, ValueError):
            pass
        if status is None:  # the worker died or hung: the next build starts a new one
            self.close()
            tail = " ".join("".join(output).split()[-60:])
            problems.append({"level": "error", "message": f"การสร้างเว็บหยุดกลางคัน / the build stopped: {tail}"})
        return tidy(problems)

    def close(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                try:
                    self.process.stdin.close()
                except OSError:
                    pass
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None


# --- serving -----------------------------------------------------------------------------------------

def inject(html: bytes, generation: int) -> bytes:
    """The page with the live script before </body> (at the end when there is none)."""
    tag = f'<script src="{PREFIX}live.js?g={generation}"></script>'.encode()
    at = html.lower().rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview
    content: Path

    def log_message(self, *args):  # the terminal is for the officer: builds, not requests
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == PREFIX + "live.js":
            return self.send_bytes(LIVE_JS.encode(), "text/javascript; charset=utf-8")
        if url.path == PREFIX + "status":
            try:
                since = int(parse_qs(url.query).get("since", ["-1"])[0])
            except ValueError:
                since = -1
            page = parse_qs(url.query).get("page", [None])[0]
            state = self.preview.status(since, page=page) if since >= 0 else self.preview.status(-1, 0)
            return self.send_bytes(json.dumps(state, ensure_ascii=False).encode(), "application/json; charset=utf-8")
        path = Path(self.translate_path(url.path))
        if url.path.startswith("/images/") and not path.exists():
            # a photo just uploaded in the editor is in content/images before the next build publishes
            # it: shown from there, so the editor's thumbnail and preview are not broken meanwhile
            source = (self.content / "images" / url.path[len("/images/"):]).resolve()
            if source.is_file() and source.parent == (self.content / "images").resolve():
                kind = self.guess_type(str(source))
                return self.send_bytes(source.read_bytes(), kind)
        if path.is_dir():
            if not url.path.endswith("/"):
                return super().do_GET()  # the redirect to the folder's URL
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file() and not url.path.startswith(NO_RELOAD):
            return self.send_bytes(inject(path.read_bytes(), self.preview.generation), "text/html; charset=utf-8")
        return super().do_GET()

    def send_error(self, code, message=None, explain=None):
        """A page that is gone (an article with an error is not published) still waits for the next
        build and shows the problems: the site's 404 page, with the live script."""
        if code != 404 or self.command != "GET":
            return super().send_error(code, message, explain)
        page = Path(self.directory) / "404.html"
        html = page.read_bytes() if page.is_file() else (
            "<!doctype html><html lang=\"th\"><meta charset=\"utf-8\"><title>ไม่พบหน้า / Not found</title>"
            "<body><h1>ไม่พบหน้านี้ / Not found</h1></body></html>").encode()
        self.send_bytes(inject(html, self.preview.generation), "text/html; charset=utf-8", status=404)

    def send_bytes(self, data: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def start(content: Path, output: Path, settings: Path, port: int, *, overrides: dict | None = None,
          interval: float = 0.3, log=sys.stderr, build_log=None) -> tuple[Server, Preview]:
    """The watcher, the builder and the web server, each in a thread; returns once the port listens."""
    output.mkdir(parents=True, exist_ok=True)
    build = Builder(content, output, settings, overrides or {}, build_log)
    watched = [content, ROOT / "theme", settings]
    preview = Preview(build, watched, interval, log)
    build.on_quick = preview.show_quick
    handler = type("BoundHandler", (Handler,), {"preview": preview, "content": content})
    server = Server((HOST, port), functools.partial(handler, directory=str(output)))
    for target in (preview.watch, preview.run_builds, server.serve_forever):
        threading.Thread(target=target, daemon=True).start()
    server.preview, server.builder = preview, build
    return server, preview


def stop(server: Server) -> None:
    server.preview.stopping.set()
    with server.preview.cond:
        server.preview.cond.notify_all()
    server.shutdown()
    server.server_close()
    server.builder.close()
    server.builder.report.unlink(missing_ok=True)


def wait_for_ctrl_c(running=lambda: True, interval: float = 1.0) -> bool:
    """Sleep while ``running()`` holds; True when Ctrl-C or SIGTERM ended it (main thread only).

    SIGTERM counts as Ctrl-C because a shell that starts the preview in the background (a script, CI)
    starts it with SIGINT ignored (POSIX): whatever must stop it then sends SIGTERM."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        while running():
            time.sleep(interval)
    except KeyboardInterrupt:
        return True
    finally:
        signal.signal(signal.SIGTERM, previous)
    return False


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="โฟลเดอร์ข่าว / content folder")
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="โฟลเดอร์เว็บ / output folder")
    parser.add_argument("-s", "--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000, help="พอร์ต / port (8000)")
    parser.add_argument("--interval", type=float, default=0.3, help="ตรวจไฟล์ทุกกี่วินาที / seconds between looks")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="ค่าตั้ง Pelican เพิ่มเติม / extra Pelican setting, e.g. SITEURL='\"\"'")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--overrides", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    content, output, settings = args.content.resolve(), args.output.resolve(), args.settings.resolve()
    if args.worker:
        return worker(content, output, settings, json.loads(args.overrides))
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value)
    try:
        server, _preview = start(content, output, settings, args.port, overrides=overrides, interval=args.interval)
    except OSError as exc:
        sys.stderr.write(f"เปิดพอร์ต {args.port} ไม่ได้ ({exc.strerror}) — มี make serve หรือ make edit เปิดค้างไว้หรือไม่? / "
                         f"cannot listen on port {args.port} ({exc.strerror}): is another preview running?\n")
        return 1
    sys.stderr.write(f"ดูตัวอย่างที่ http://{HOST}:{args.port}/ — บันทึกไฟล์ใน {content} แล้วหน้าเว็บจะโหลดใหม่เอง; "
                     f"Ctrl-C เพื่อหยุด\nPreview at http://{HOST}:{args.port}/ — save a file in {content} and the "
                     f"page reloads by itself; Ctrl-C stops.\n")
    try:
        wait_for_ctrl_c()
        return 0
    finally:
        stop(server)


if __name__ == "__main__":
    sys.exit(main())
