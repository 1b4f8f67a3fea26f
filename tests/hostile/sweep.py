"""The Chromium sweep of the hostile corpus (tests/test_hostile_corpus.py), run as a process of its own:
every page of a job list loaded, every element hovered, focused and clicked, every trace recorded.

    python tests/hostile/sweep.py JOBS.json TRACES.json

JOBS.json is a list of [label, url]; TRACES.json gets the markers seen (M -> pages), dialogs that name
no marker, requests to other hosts, inert URLs, errors and the number of pages done. A process of its
own, so that a browser that never settles is killed with its process group by the test's time limit,
and no other test module's playwright shares its interpreter.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import sys
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MARKER_HOST = "xss.test"
# Every other host is unresolvable: nothing leaves the machine, a request still shows as an event.
BLOCK_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
MARK_RE = re.compile(r"(?<!\d)(\d{5})(?!\d)")

INIT_JS = r"""
(() => {
  const navs = (window.__h4navs = []);
  const scheme = (u) => { try { return new URL(u, location.href).protocol } catch (e) { return '' } };
  const hrefOf = (a) => { let h = a.href; if (h && typeof h === 'object') h = h.baseVal; return h == null ? '' : String(h) };
  // Same-site and external http(s) links and forms stay put (those pages are visited on their own,
  // foreign ones recorded); javascript:, data: and the like are left to the browser.
  document.addEventListener('click', (e) => {
    for (const el of (e.composedPath ? e.composedPath() : [])) {
      if (el && el.tagName && /^(a|area)$/i.test(el.tagName)) {
        const h = hrefOf(el);
        if (/^https?:$/.test(scheme(h))) { e.preventDefault(); navs.push(h) }
        break;
      }
    }
  }, true);
  document.addEventListener('submit', (e) => {
    const s = e.submitter;
    const act = (s && s.hasAttribute && s.hasAttribute('formaction')) ? s.formAction : e.target.action;
    if (/^https?:$/.test(scheme(act))) { e.preventDefault(); navs.push(act) }
  }, true);
})();
"""

POKE_JS = r"""
() => {
  // every inline handler, on any element: fire the very event it listens to
  const all = document.querySelectorAll('*');
  let n = 0;
  for (const el of all) {
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) {
        n++;
        try { el.dispatchEvent(new Event(attr.name.slice(2).toLowerCase(), {bubbles: false, cancelable: true})) } catch (e) {}
      }
    }
  }
  // every interactive element: hovered, focused, clicked, left
  const mouse = ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'pointerdown',
                 'mousedown', 'pointerup', 'mouseup'];
  const interactive = document.querySelectorAll(
    'a, area, button, input, select, textarea, summary, details, label, option, iframe, object, embed, ' +
    'img, video, audio, svg a, [tabindex], [contenteditable], [href], [xlink\\:href], form, marquee');
  for (const el of interactive) {
    for (const t of mouse) {
      try { el.dispatchEvent(new MouseEvent(t, {bubbles: true, cancelable: true, view: window})) } catch (e) {}
    }
    try { if (typeof el.focus === 'function') el.focus({preventScroll: true}) } catch (e) {}
    try {
      if (typeof el.click === 'function') el.click();
      else el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
    } catch (e) {}
    try { if (typeof el.blur === 'function') el.blur() } catch (e) {}
    n++;
  }
  for (const d of document.querySelectorAll('details')) { try { d.open = !d.open } catch (e) {} }
  for (const f of document.querySelectorAll('form')) { try { f.requestSubmit() } catch (e) {} }
  return n;
}
"""


@dataclass
class Traces:
    markers: dict[int, set] = field(default_factory=lambda: defaultdict(set))  # M -> pages
    other_dialogs: list = field(default_factory=list)
    foreign: list = field(default_factory=list)
    inert: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    pages: int = 0

    def ran(self, text: str, where: str):
        found = MARK_RE.findall(str(text))
        if found:
            for m in found:
                self.markers[int(m)].add(where)
        else:
            self.other_dialogs.append(f"{where}: {text!r}")


# Time limits inside the sweep: a page that never settles (a dialog loop, a hung frame) costs its own
# job, never the run. Playwright's evaluate(), mouse and keyboard calls have no time-out of their own.
JOB_SECONDS = 90
PROGRESS = os.environ.get("HOSTILE_PROGRESS")  # a file: one line per page load, to watch a slow sweep
STEP_SECONDS = 20


async def visit_all(jobs: list[tuple[str, str]], workers: int = 4) -> Traces:
    """Load every URL (label, url), hover, focus and click everything, record every trace."""
    from playwright.async_api import async_playwright

    traces = Traces()
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    chromium = shutil.which("chromium")

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS + [BLOCK_HOSTS])

        async def worker():
            context = await browser.new_context()
            await context.add_init_script(INIT_JS)
            current = {"label": ""}

            def on_request(request):
                url = request.url
                if url.startswith(("data:", "blob:", "about:")) or re.match(r"http://127\.0\.0\.1:\d+/", url):
                    return
                if (urllib.parse.urlsplit(url).hostname or "") == MARKER_HOST:
                    traces.ran(urllib.parse.urlsplit(url).path, f"{current['label']} (request {url[:80]})")
                elif url.startswith(("http:", "https:", "ws:", "wss:", "ftp:")):
                    traces.foreign.append(f"{current['label']}: {url[:120]}")
                else:  # javascript:/vbscript: image sources and the like: inert in Chromium, parsed statically
                    traces.inert.append(f"{current['label']}: {url[:120]}")

            context.on("request", on_request)

            async def on_dialog(dialog):
                traces.ran(dialog.message, f"{current['label']} ({dialog.type})")
                try:
                    await dialog.dismiss()
                except Exception:
                    pass

            async def on_popup(p):
                traces.foreign.append(f"{current['label']}: popup {p.url}")
                await p.close()

            async def fresh_page():
                p = await context.new_page()
                p.on("dialog", lambda d: asyncio.ensure_future(on_dialog(d)))
                p.on("popup", lambda q: asyncio.ensure_future(on_popup(q)))
                return p

            async def poke(page, label):
                for frame in list(page.frames):
                    try:
                        await asyncio.wait_for(frame.evaluate(POKE_JS), STEP_SECONDS)
                    except asyncio.TimeoutError:
                        traces.errors.append(f"{label}: poke of a frame took over {STEP_SECONDS} s")
                    except Exception as exc:  # a frame that navigated or went away
                        if "destroyed" not in str(exc) and "detached" not in str(exc):
                            traces.errors.append(f"{label}: {str(exc)[:120]}")
                await page.wait_for_timeout(120)  # javascript: URLs run in a later task

            async def search_results(page, label):
                try:
                    await page.wait_for_selector("#search-results[data-state=done], #search-results[data-state=idle], "
                                                 "#search-results[data-state=error]", state="attached", timeout=20000)
                except Exception:
                    traces.errors.append(f"{label}: search did not finish")
                for _ in range(15):  # every result: "more" until it hides
                    shown = await page.evaluate("() => { const b = document.getElementById('search-more');"
                                                " if (!b || b.hidden) return -1;"
                                                " const n = document.getElementById('search-results').children.length;"
                                                " b.click(); return n }")  # the count before: results may come at once
                    if shown < 0:
                        break
                    await page.wait_for_function(
                        "n => document.getElementById('search-more').hidden || "
                        "document.getElementById('search-results').children.length > n", arg=shown, timeout=10000)

            async def visit(page, label, url):
                await page.goto(url, wait_until="load", timeout=20000)
                if "/search/" in url:
                    await search_results(page, label)
                    await poke(page, label)
                await poke(page, label)
                # real pointer moves and a Tab press over the page as well
                await page.mouse.move(10, 10)
                await page.mouse.move(600, 400, steps=3)
                await page.keyboard.press("Tab")

            page = await fresh_page()
            while True:
                try:
                    label, url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    break
                current["label"] = label
                for attempt in (1, 2):  # a navigation left pending by the previous page can abort this one
                    if PROGRESS:
                        with open(PROGRESS, "a", encoding="utf-8") as log:
                            log.write(f"{time.strftime('%H:%M:%S')} {queue.qsize()} left: {label} #{attempt}\n")
                    try:
                        await asyncio.wait_for(visit(page, label, url), JOB_SECONDS)
                        traces.pages += 1
                        break
                    except Exception as exc:
                        if attempt == 2:
                            traces.errors.append(f"{label}: {type(exc).__name__} {str(exc)[:200]}")
                        try:
                            await asyncio.wait_for(page.close(), STEP_SECONDS)
                        except Exception:
                            pass
                        page = await fresh_page()
            try:
                await asyncio.wait_for(context.close(), STEP_SECONDS)
            except Exception as exc:
                traces.errors.append(f"closing a context: {type(exc).__name__}")

        await asyncio.gather(*(worker() for _ in range(workers)))
        try:
            await asyncio.wait_for(browser.close(), STEP_SECONDS)
        except Exception as exc:
            traces.errors.append(f"closing the browser: {type(exc).__name__}")
    return traces


def main(argv: list[str]) -> int:
    jobs = [tuple(job) for job in json.loads(open(argv[1], encoding="utf-8").read())]
    traces = asyncio.run(visit_all(jobs))
    record = {**vars(traces), "markers": {str(m): sorted(where) for m, where in traces.markers.items()}}
    with open(argv[2], "w", encoding="utf-8") as out:
        json.dump(record, out, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
