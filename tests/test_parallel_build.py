"""The build on every core gives the one-process site byte for byte (plugins/cdd_incremental/parallel.py).

The same content (the embedded content/ and a few hundred synthetic articles, some of them invalid)
is built with CDD_JOBS=1 and CDD_JOBS=2 from a cold cache, and once more with 2 processes on the
warm cache: every output file is compared byte for byte, and the warnings and errors of the build
log (each file's problems: the validator's, the duplicate slug, an unreadable file) are the same
messages in the same order. Each build runs in a process of its own (the workers are forked)."""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from types import SimpleNamespace
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader

pytestmark = [pytest.mark.build, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = 240

# One build: the project's settings, the log's WARNING+ records and the parallel reader's INFO line
# written as JSON. A strict build's InvalidContent comes after everything is written.
CHILD = r"""
import json, logging, sys
from pelican import Pelican
from pelican.log import init
from pelican.settings import read_settings

conf, override, report = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
init(level=logging.INFO)
records = []

class Keep(logging.Handler):
    def emit(self, record):
        records.append((record.levelname, record.name, record.getMessage()))

logging.getLogger().addHandler(Keep())
error = None
try:
    Pelican(read_settings(conf, override=override)).run()
except Exception as exc:
    error = type(exc).__name__
with open(report, "w", encoding="utf-8") as handle:
    json.dump({"records": records, "error": error}, handle, ensure_ascii=False)
"""


def make_content(folder: Path) -> dict[str, str]:
    """content/ plus SYNTHETIC articles, some broken as an officer may break them."""
    from scripts import make_synthetic

    shutil.copytree(ROOT / "content", folder)
    paths = make_synthetic.write_archive(SYNTHETIC, folder, seed=17)
    broken = {}

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        broken[path.name] = new

    def first(path: Path, field: str) -> str:
        return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(field))

    edit(paths[3], first(paths[3], "Provinces:"), "Provinces: ขอนแกน")  # misspelt province
    edit(paths[10], first(paths[10], "Date:"), "Date: 2563-02-30")  # impossible date
    edit(paths[20], first(paths[20], "Title:"), "Title:")  # empty title
    edit(paths[30], first(paths[30], "Slug:"), first(paths[31], "Slug:"))  # duplicate slug
    paths[40].write_bytes(b"Title: \xff\xfe\x00broken\n\n\x00\x01")  # not text
    broken[paths[40].name] = "binary"
    return broken


def build(tmp: Path, content: Path, name: str, jobs: int, cache: str) -> dict:
    override = {"PATH": str(content), "OUTPUT_PATH": str(tmp / name), "CACHE_PATH": str(tmp / cache),
                "CDD_JOBS": jobs, "DELETE_OUTPUT_DIRECTORY": False,
                "SITEURL": "https://news.example.org"}  # sitemap.xml written: the pages' signals compared too
    report = tmp / f"{name}.json"
    subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "pelicanconf.py"), json.dumps(override), str(report)],
                   cwd=tmp, check=True, timeout=1200,
                   env={**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "PYTHONHASHSEED": "0"})
    data = json.loads(report.read_text(encoding="utf-8"))
    data["files"] = {str(p.relative_to(tmp / name)): p.read_bytes() for p in sorted((tmp / name).rglob("*"))
                     if p.is_file()}
    return data


def problems(data: dict) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in data["records"] if r[0] in ("WARNING", "ERROR", "CRITICAL")]


def read_ahead(data: dict) -> list[str]:
    return [r[2] for r in data["records"] if r[1] == "cdd_incremental.parallel" and " files in " in r[2]]


def rendered_ahead(data: dict) -> list[tuple[int, int]]:
    """(pages written by the workers, article pages) of the parallel renderer's INFO line."""
    lines = [r[2] for r in data["records"] if r[1] == "cdd_incremental.parallel" and " article pages " in r[2]]
    return [tuple(int(w) for w in line.split(" / wrote ", 1)[1].split(" article pages")[0].split(" of "))
            for line in lines]


def listed_ahead(data: dict) -> list[tuple[int, int]]:
    """(pages written by the workers, listing pages) of each batch of listing pages sent to workers."""
    lines = [r[2] for r in data["records"] if r[1] == "cdd_incremental.parallel" and " listing pages " in r[2]]
    return [tuple(int(w) for w in line.split(" / wrote ", 1)[1].split(" listing pages")[0].split(" of "))
            for line in lines]


def assert_same_files(one: dict, other: dict) -> None:
    assert sorted(one["files"]) == sorted(other["files"])
    differing = [name for name, body in one["files"].items() if other["files"][name] != body]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("parallel")


@pytest.fixture(scope="module")
def builds(folder):
    tmp = folder
    content = tmp / "content"
    broken = make_content(content)
    one = build(tmp, content, "out-1", 1, "cache-1")
    two = build(tmp, content, "out-2", 2, "cache-2")
    warm = build(tmp, content, "out-2-warm", 2, "cache-2")
    return broken, one, two, warm


@pytest.fixture(scope="module")
def rebuilds(builds, folder):
    """One new article, then each folder rebuilt in place on its own cache (pages skipped by key)."""
    from scripts.bench_build import add_one_article

    tmp = folder
    add_one_article(tmp / "content", SYNTHETIC + 1, 17)
    return (build(tmp, tmp / "content", "out-1", 1, "cache-1"),
            build(tmp, tmp / "content", "out-2-warm", 2, "cache-2"))


def test_two_processes_write_the_one_process_site_byte_for_byte(builds):
    broken, one, two, _ = builds
    assert not read_ahead(one)  # one process: nothing forked
    lines = read_ahead(two)
    assert len(lines) == 1 and " in 2 processes " in lines[0], lines
    stored, pending = (int(w) for w in lines[0].split("read ", 1)[1].split(" files")[0].split(" of "))
    assert pending >= SYNTHETIC and stored >= pending - len(broken), lines  # the workers did the reading
    assert len(one["files"]) > SYNTHETIC
    assert not rendered_ahead(one)
    [(by_workers, pages)] = rendered_ahead(two)
    assert pages >= SYNTHETIC - len(broken) and by_workers == pages  # the workers rendered every article page
    assert not listed_ahead(one)
    listed = listed_ahead(two)  # the tag pages and the province, mission and period pages, on workers
    assert len(listed) >= 2 and all(by_workers == pages for by_workers, pages in listed), listed
    assert sum(pages for _, pages in listed) > SYNTHETIC / 2
    assert_same_files(one, two)


def test_the_build_log_reports_the_same_problems_in_the_same_order(builds):
    broken, one, two, _ = builds
    assert one["error"] == two["error"] == "InvalidContent"  # strict: the invalid articles fail the build
    assert problems(one) == problems(two)
    errors = "\n".join(message for level, _, message in problems(one) if level == "ERROR")
    for name in broken:
        assert name in errors, name  # every broken file is named, also those the workers read


def test_a_warm_cache_build_on_two_processes_is_the_same_site_and_the_same_problems(builds):
    _, one, _, warm = builds
    assert not read_ahead(warm)  # everything came from the cache: nothing to read ahead
    [(by_workers, pages)] = rendered_ahead(warm)  # the pages' keys are checked in the workers
    assert by_workers == pages
    assert_same_files(one, warm)
    assert problems(one) == problems(warm)


def test_a_rebuild_on_two_processes_skips_pages_as_one_process_does_and_writes_the_same_site(rebuilds):
    again_one, again_two = rebuilds
    [(by_workers, pages)] = rendered_ahead(again_two)
    assert by_workers == pages > SYNTHETIC / 2
    assert listed_ahead(again_two) and not listed_ahead(again_one)  # listing pages' keys checked on workers
    skipped = [r[2] for r in again_two["records"] if "unchanged pages skipped" in r[2]]
    assert skipped and skipped == [r[2] for r in again_one["records"] if "unchanged pages skipped" in r[2]]
    assert int(skipped[0].split(" / ")[1].split()[0]) > SYNTHETIC / 2  # most pages were kept, not rendered
    assert "sitemap.xml" in again_one["files"]
    assert_same_files(again_one, again_two)
    assert problems(again_one) == problems(again_two)


class NoisyReader(MarkdownReader):
    """Pelican's Markdown reader, logging a warning for one file (as Markdown may for a bad file)."""

    def read(self, source_path):
        if source_path.endswith("noisy.md"):
            logging.getLogger("markdown").warning("noisy: %s", os.path.basename(source_path))
        if source_path.endswith("failing.md"):
            raise ValueError("failing")
        return super().read(source_path)


def reading_generator(tmp_path: Path, names: list[str], reader):
    """An ArticlesGenerator over one small article per name, read by ``reader``, with the reader
    cache on and 2 processes (what parallel.read_ahead needs)."""
    from pelican.generators import ArticlesGenerator
    from pelican.settings import read_settings

    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for name in names:
        (content / f"{name}.md").write_text(f"Title: ข่าว {name}\nDate: 2024-05-01\nTags: ก\n\nเนื้อ *{name}*\n",
                                            encoding="utf-8")
    config = read_settings(None, override={
        "PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"), "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": False, "READERS": {"md": reader}, "CDD_JOBS": 2, "TIMEZONE": "Asia/Bangkok",
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None})
    return ArticlesGenerator(context={"generated_content": {}, "static_content": {}, "static_links": set()},
                             settings=config, path=config["PATH"], theme=config["THEME"],
                             output_path=str(tmp_path / "out"))


def test_a_read_that_logs_or_fails_in_a_worker_is_done_again_by_the_parent(tmp_path, caplog):
    from pelican.contents import Article

    from cdd_incremental import parallel

    names = [f"n{i:03d}" for i in range(parallel.PARALLEL_MIN)] + ["noisy", "failing"]
    generator = reading_generator(tmp_path, names, NoisyReader)
    caplog.set_level(logging.INFO)
    caplog.clear()
    assert parallel.read_ahead(generator, ["articles"], []) == len(names) - 2
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # nothing printed by a worker
    said = [r.getMessage() for r in caplog.records if r.name == "cdd_incremental.parallel"]
    assert len(said) == 1 and f"read {len(names) - 2} of {len(names)} files in 2 processes in " in said[0], said
    left = [Path(p).name for p, _ in parallel.reader_cache.unread_sources(generator, ["articles"], [])]
    assert left == ["failing.md", "noisy.md"]
    caplog.clear()
    article = generator.readers.read_file(base_path=generator.path, path="articles/noisy.md", content_class=Article)
    assert article.title == "ข่าว noisy"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == ["noisy: noisy.md"]
    with pytest.raises(ValueError):
        generator.readers.read_file(base_path=generator.path, path="articles/failing.md", content_class=Article)


def test_jobs_is_the_setting_or_every_core():
    from cdd_incremental import parallel

    assert parallel.jobs({"CDD_JOBS": 3}) == 3
    assert parallel.jobs({"CDD_JOBS": 1}) == 1
    assert parallel.jobs({"CDD_JOBS": None}) == parallel.jobs({}) == len(os.sched_getaffinity(0))


def test_build_py_passes_minus_j_to_pelican_as_cdd_jobs(tmp_path, monkeypatch):
    from scripts import build as build_py

    commands = []

    class Child:
        def __init__(self, command, **_kwargs):
            commands.append(command)

        def wait(self):
            return 0

    monkeypatch.setattr(build_py.subprocess, "Popen", Child)
    monkeypatch.setattr(build_py, "review_note", lambda content: None)
    monkeypatch.setattr(build_py, "swap_in", lambda new, output, wait: shutil.rmtree(new))
    for extra in (["-j", "2"], []):
        assert build_py.main([str(tmp_path / "content"), "-o", str(tmp_path / "out"), "--cache-path",
                              str(tmp_path / "cache"), "--wait", *extra]) == 0
    assert "CDD_JOBS=2" in commands[0] and not [c for c in commands[1] if c.startswith("CDD_JOBS")]


def render_site(tmp_path: Path, jobs: int, fail: bool = False, kill: bool = False):
    """A few article pages written by parallel.write_articles with ``jobs`` processes: one page's
    template logs a warning, another's raises when ``fail``; with ``kill`` the worker rendering a
    third one dies (as one killed for memory). Returns (files, signals, keys, warnings)."""
    import datetime as dt
    from functools import partial

    from jinja2 import DictLoader, Environment
    from pelican import signals
    from pelican.contents import Article
    from pelican.settings import read_settings

    from cdd_incremental import parallel
    from cdd_incremental.cdd_incremental import IncrementalWriter

    out = tmp_path / f"out-{jobs}"
    parent = os.getpid()
    config = read_settings(None, override={"TIMEZONE": "Asia/Bangkok", "DEFAULT_LANG": "th", "CDD_JOBS": jobs,
                                           "CACHE_PATH": str(tmp_path / "cache"), "OUTPUT_PATH": str(out)})

    def note(article):
        if article.slug == "noisy":
            # a message of its own per run: Pelican's LimitFilter drops a repeated one in this process
            logging.getLogger("theme").warning("noisy page %s (%s)", article.slug, out)
        if article.slug == "failing" and fail:
            raise ValueError("failing page")
        if article.slug == "n12" and kill and os.getpid() != parent:
            os._exit(9)
        return ""

    env = Environment(loader=DictLoader({"article.html": "{{ article|note }}{{ article.title }} [{{ SITEURL }}]"}))
    env.filters["note"] = note
    slugs = [f"n{i:02d}" for i in range(30)]
    slugs[7], slugs[19] = "noisy", "failing"
    items = [Article(f"<p>{slug}</p>", metadata={"title": f"ข่าว {slug}", "slug": slug,
                                                 "date": dt.datetime(2024, 1, 1) + dt.timedelta(days=i)},
                     settings=config, source_path=f"/c/{slug}.md") for i, slug in enumerate(slugs)]
    generator = SimpleNamespace(settings=config, context={"SITEURL": "", "localsiteurl": None}, articles=items,
                                translations=[], hidden_translations=[], hidden_articles=[],
                                get_template=lambda name: env.get_template(f"{name}.html"))
    writer = IncrementalWriter(str(out), settings=config)
    sent, warnings, said = [], [], []

    def written(path, context):
        sent.append((os.path.relpath(path, out), context["output_file"], context["SITEURL"], context["article"].slug))

    class Keep(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage().split(" (")[0])
            elif record.name == "cdd_incremental.parallel":
                said.append(record.getMessage().split(" / ")[1])

    keep = Keep()
    logging.getLogger().addHandler(keep)
    logging.getLogger("cdd_incremental.parallel").setLevel(logging.INFO)
    signals.content_written.connect(written)
    old_min = parallel.RENDER_MIN
    parallel.RENDER_MIN = 4
    try:
        parallel.write_articles(generator, partial(writer.write_file, relative_urls=True))
        error = None
    except ValueError as exc:
        error = str(exc)
    finally:
        parallel.RENDER_MIN = old_min
        signals.content_written.disconnect(written)
        logging.getLogger().removeHandler(keep)
        logging.getLogger("cdd_incremental.parallel").setLevel(logging.NOTSET)
    render_site.said = said
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}
    return files, sent, dict(writer.keys), warnings, error, generator.context["localsiteurl"], writer.rendered


def test_a_page_that_logs_or_fails_in_a_worker_is_written_again_by_the_parent_in_order(tmp_path):
    one = render_site(tmp_path, 1)
    assert not render_site.said
    two = render_site(tmp_path, 2)
    [line] = render_site.said
    done = int(line.split("wrote ")[1].split(" of 30 ")[0])
    assert 0 < done < 30  # the workers wrote most pages, the parent the noisy one and the rest of its range
    assert len(one[0]) == 30 and one[1] and one[3] == ["noisy page noisy"]
    assert one == two  # files, signals in order, keys, the warning once, the context, the counts
    one_failing = render_site(tmp_path / "f", 1, fail=True)
    two_failing = render_site(tmp_path / "f", 2, fail=True)
    assert one_failing[4] == two_failing[4] == "failing page"
    assert one_failing[1] == two_failing[1] and one_failing[3] == two_failing[3]  # up to the error, as one process
    assert set(one_failing[0]) <= set(two_failing[0])  # the workers may have written later pages too


@pytest.mark.timeout(300)
def test_a_worker_that_dies_while_rendering_leaves_the_parent_to_write_the_rest(tmp_path):
    """A killed worker (out of memory) used to leave multiprocessing.Pool waiting for ever: now the
    build says so and writes the rest itself, the same pages as one process."""
    from pelican.log import LimitFilter

    from cdd_incremental.parallel import WORKER_DIED

    LimitFilter._raised_messages.discard((logging.WARNING, WORKER_DIED))  # Pelican says a message once per process
    one = render_site(tmp_path, 1)
    two = render_site(tmp_path, 2, kill=True)
    died = WORKER_DIED.split(" (")[0]  # as render_site keeps a message
    assert sorted(two[3]) == sorted(["noisy page noisy", died])
    assert one[0] == two[0] and one[1] == two[1] and one[2] == two[2]  # files, signals in order, keys


class KilledReader(MarkdownReader):
    """Pelican's Markdown reader; a worker reading killed.md dies (as one killed for memory)."""

    parent = os.getpid()

    def read(self, source_path):
        if source_path.endswith("killed.md") and os.getpid() != self.parent:
            os._exit(9)
        return super().read(source_path)


@pytest.mark.timeout(300)
def test_a_worker_that_dies_while_reading_leaves_the_parent_to_read_the_rest(tmp_path, caplog):
    from cdd_incremental import parallel

    names = [f"n{i:03d}" for i in range(parallel.PARALLEL_MIN)] + ["killed"]
    KilledReader.parent = os.getpid()
    generator = reading_generator(tmp_path, names, KilledReader)
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.discard((logging.WARNING, parallel.WORKER_DIED))  # said once per process
    caplog.set_level(logging.INFO)
    stored = parallel.read_ahead(generator, ["articles"], [])
    assert stored < len(names)
    assert parallel.WORKER_DIED in [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    left = {Path(p).name for p, _ in parallel.reader_cache.unread_sources(generator, ["articles"], [])}
    assert "killed.md" in left and len(left) == len(names) - stored  # the parent reads these in its own loop
