"""วัดเวลาสร้างเว็บ / Benchmark the site build against plain Pelican on a synthetic archive.

In one run, on the same N synthetic articles (scripts/make_synthetic.py):

1. plain Pelican: its default theme, no plugins, default settings (only PATH, OUTPUT_PATH,
   TIMEZONE and DEFAULT_LANG=th set, so the Thai articles are not treated as translations);
2. our full build (pelicanconf.py) from a cold cache (CACHE_PATH and the output folder emptied;
   the content cache on);
3. our rebuild after adding one article, with the cache and the output of run 2 in place (as
   ``make site`` after an officer adds a file): by default the article is dated after all the
   others (a new press release); ``--added random`` dates it inside the archive.

Our builds use a snapshot of pelicanconf.py, plugins/ and theme/ copied into the work folder (the
child imports the snapshot's plugin packages: its PYTHONPATH comes before the installed project), so
an edit in the work tree during the run changes nothing.

Each build runs in its own subprocess; wall time is measured here and peak RSS is the child's
(os.wait4 rusage). The child also records where the time goes: each Pelican generator's
generate_context/generate_output, the pages written per template, and every plugin's signal
receivers. Prints a table with the ratios full/plain and rebuild/full against issue 17's targets
(full <= 0.7x plain at 10,000 articles, peak memory <= 4 GB, rebuild <= 10% of full after a new
article, <= 15% after a back-dated one: ``--added random``), medians over --repeat runs.

    python scripts/bench_build.py               # 10,000 articles
    python scripts/bench_build.py --n 2000 --repeat 3 --json bench.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TARGET_FULL_VS_PLAIN = 0.7
TARGET_REBUILD_VS_FULL = {"newest": 0.10, "random": 0.15}  # by --added: a new article, a back-dated one
TARGET_PEAK_MB = 4096  # issue 17: peak memory within 4 GB


# ---------------------------------------------------------------------------------------------
# The child: one Pelican build, instrumented.

class Timings:
    """Seconds and call counts per label."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def add(self, label: str, seconds: float) -> None:
        self.seconds[label] += seconds
        self.calls[label] += 1

    def as_dict(self) -> dict:
        return {label: {"s": round(s, 3), "calls": self.calls[label]} for label, s in self.seconds.items()}


def instrument(phases: Timings, writes: Timings, receivers: Timings) -> None:
    """Wrap Pelican's generators, its writer and blinker's send to time them."""
    import blinker
    from pelican import Pelican, writers

    original_send = blinker.base.Signal.send

    def timed_send(self, sender=None, /, *, _async_wrapper=None, **kwargs):
        if self.is_muted:
            return []
        results = []
        for receiver in self.receivers_for(sender):
            started = time.perf_counter()
            results.append((receiver, receiver(sender, **kwargs)))
            module = getattr(receiver, "__module__", "?") or "?"
            if module.split(".")[0] != "pelican":
                name = getattr(receiver, "__qualname__", getattr(receiver, "__name__", "?"))
                receivers.add(f"{getattr(self, 'name', '?')} -> {module}.{name}", time.perf_counter() - started)
        return results

    blinker.base.Signal.send = timed_send
    assert original_send

    original_write = writers.Writer.write_file

    def timed_write(self, name, template, context, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original_write(self, name, template, context, *args, **kwargs)
        finally:
            label = getattr(template, "name", str(template))
            if kwargs.get("paginated") or (len(args) > 1 and args[1]):
                label += " (paginated)"
            writes.add(label, time.perf_counter() - started)

    writers.Writer.write_file = timed_write

    def wrap(cls, method):
        original = getattr(cls, method, None)
        if original is None or getattr(original, "_bench", False):
            return

        def timed(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                phases.add(f"{cls.__name__}.{method}", time.perf_counter() - started)

        timed._bench = True
        setattr(cls, method, timed)

    original_classes = Pelican._get_generator_classes

    def classes(self):
        found = original_classes(self)
        for cls in found:
            wrap(cls, "__init__")  # article_generator_init is sent here: the files are read ahead in it
            wrap(cls, "generate_context")
            wrap(cls, "generate_output")
        return found

    Pelican._get_generator_classes = classes


def child(conf: str, override: dict, report: Path) -> int:
    """Run one build in this process and write what was measured to ``report`` (JSON)."""
    import logging
    import resource

    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    init_logging(level=logging.WARNING)
    phases, writes, receivers = Timings(), Timings(), Timings()
    instrument(phases, writes, receivers)
    started = time.perf_counter()
    settings = read_settings(conf or None, override=override)
    pelican = Pelican(settings)
    error = None
    try:
        pelican.run()
    except Exception as exc:  # a strict validation failure still leaves a measured site
        error = f"{type(exc).__name__}: {exc}"
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    incremental = sys.modules.get("cdd_incremental")  # where the measured plugins came from
    report.write_text(json.dumps({
        "plugins_dir": str(Path(incremental.__file__).parent.parent) if incremental else None,
        "wall_in_process": round(wall, 3),
        "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "children_maxrss_mb": round(children.ru_maxrss / 1024, 1),
        "phases": phases.as_dict(),
        "writes": writes.as_dict(),
        "receivers": receivers.as_dict(),
        "error": error,
    }, ensure_ascii=False), encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------------------------
# The parent: the archive, the three builds, the table.

def run_build(label: str, conf: str, override: dict, work: Path) -> dict:
    """One build in a subprocess: wall time, peak RSS (wait4) and the child's own report."""
    report = work / f"report-{label}.json"
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "PYTHONHASHSEED": "0"}
    if conf:  # snapshot_code's plugins, found before the work tree's (the installed package)
        env["PYTHONPATH"] = str(Path(conf).parent / "plugins")
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--conf", conf,
               "--override", json.dumps(override), "--report", str(report)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 or not report.exists():
        raise SystemExit(f"{label}: build failed (exit {process.returncode})")
    data = json.loads(report.read_text(encoding="utf-8"))
    data.update(label=label, wall=round(wall, 3), peak_mb=round(usage.ru_maxrss / 1024, 1))
    return data


def plain_override(content: Path, output: Path) -> dict:
    from pelican.settings import DEFAULT_CONFIG

    return {
        "PATH": str(content), "OUTPUT_PATH": str(output), "PLUGINS": [],
        "THEME": DEFAULT_CONFIG["THEME"], "TIMEZONE": "Asia/Bangkok", "DEFAULT_LANG": "th",
        "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "DELETE_OUTPUT_DIRECTORY": True,
    }


def our_override(content: Path, output: Path, cache: Path) -> dict:
    return {
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache),
        "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
    }


def add_one_article(content: Path, n: int, seed: int, added: str = "newest") -> Path:
    """A new synthetic article (number n, so not one of the archive's) for the rebuild.

    ``newest``: dated the day after the archive's last day, as when an officer adds today's
    press release (or the scraper fetches it); ``random``: a random date inside the archive
    (a late addition of an old release), which renumbers the newer articles in the search
    index and so rebuilds it whole."""
    import datetime as dt
    import random

    from scripts import make_synthetic

    rng = random.Random(seed + 1_000_003)
    clauses = make_synthetic.seed_sentences()
    year, slug, text = make_synthetic.make_article(n, rng, clauses, make_synthetic._province_pattern(), seed)
    if added == "newest":
        old_date = slug[:10]
        date = (make_synthetic.LAST_DAY + dt.timedelta(days=1)).isoformat()
        text = text.replace(f"Date: {old_date}", f"Date: {date}")
        text = text.replace(f"Slug: {slug}", f"Slug: {date}{slug[10:]}")
        year, slug = date[:4], date + slug[10:]
    path = content / "articles" / year / f"{slug}-new.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(f"Slug: {slug}", f"Slug: {slug}-new"), encoding="utf-8")
    return path


def snapshot_code(conf: Path, target: Path) -> str:
    """Copy the settings file and the plugins and theme next to it into ``target``.

    The builds of one run then use the same code even while someone edits the work tree (an edit
    between the full build and the rebuild would also, rightly, make cdd_incremental render all)."""
    if not conf.exists():
        raise SystemExit(f"{conf}: no such settings file")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("plugins", "theme"):
        if (conf.parent / name).is_dir():
            shutil.copytree(conf.parent / name, target / name, ignore=ignore)
    for extra in ("pelicanconf.py", conf.name):
        if (conf.parent / extra).exists():
            shutil.copy2(conf.parent / extra, target / extra)
    return str(target / conf.name)


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def top(table: dict, n: int) -> list[tuple[str, float, int]]:
    rows = sorted(table.items(), key=lambda item: -item[1]["s"])
    return [(label, value["s"], value["calls"]) for label, value in rows[:n]]


def format_report(n: int, results: dict[str, list[dict]], added: str = "newest") -> str:
    """The table and the breakdowns, as text."""
    plain = median_of(results["plain"], "wall") if results.get("plain") else None
    full = median_of(results["full"], "wall")
    rebuild = median_of(results["rebuild"], "wall")
    failed = sorted({run["label"] for runs in results.values() for run in runs if run.get("error")})
    lines = [f"## bench_build: {n:,} synthetic articles (medians of {len(results['full'])} run(s))", ""]
    if failed:
        lines += [f"**BUILD FAILED ({', '.join(failed)}): these figures are not valid**", ""]
    lines += ["| build | wall s | peak MiB | ratio | target |", "|---|---:|---:|---:|---|"]
    if plain is not None:
        lines.append(f"| plain Pelican (default theme, no plugins) | {plain:.1f} | "
                     f"{median_of(results['plain'], 'peak_mb'):.0f} | 1.00 | |")
    ratio = f"{full / plain:.2f}x plain" if plain else "-"
    ok = "" if not plain else ("✓" if full / plain <= TARGET_FULL_VS_PLAIN else "✗")
    lines.append(f"| our full build, cold cache | {full:.1f} | {median_of(results['full'], 'peak_mb'):.0f} | "
                 f"{ratio} | ≤ {TARGET_FULL_VS_PLAIN}x plain {ok} |")
    target = TARGET_REBUILD_VS_FULL[added]
    ok = "✓" if rebuild / full <= target else "✗"
    kind = "newest" if added == "newest" else "random date"
    lines.append(f"| our rebuild, +1 article ({kind}), warm cache | {rebuild:.1f} | "
                 f"{median_of(results['rebuild'], 'peak_mb'):.0f} | {rebuild / full:.2f}x full | "
                 f"≤ {target:.2f}x full {ok} |")
    peak = max(run["peak_mb"] for runs in results.values() for run in runs)
    lines += ["", f"peak memory of all builds: {peak:.0f} MiB (target ≤ {TARGET_PEAK_MB} MiB "
                  f"{'✓' if peak <= TARGET_PEAK_MB else '✗'})"]
    for runs in results.values():
        run = runs[len(runs) // 2]
        lines += ["", f"### where the time goes: {run['label']} ({run['wall']:.1f} s wall)"]
        if run.get("error"):
            lines.append(f"build ended with: {run['error'][:300]}")
        lines.append("generators (__init__ = set-up, where cdd_incremental reads the files ahead; "
                     "context = reading + grouping; output = rendering + writing):")
        lines += [f"  {s:8.2f} s  {label}" for label, s, _ in top(run["phases"], 12)]
        lines.append("pages written, by template (rendering + writing; includes content_written receivers):")
        lines += [f"  {s:8.2f} s  {calls:6d} files  {label}" for label, s, calls in top(run["writes"], 12)]
        if run["receivers"]:
            lines.append("plugin signal receivers (nested inside the phases above):")
            lines += [f"  {s:8.2f} s  {calls:6d} calls  {label}" for label, s, calls in top(run["receivers"], 12)]
    return "\n".join(lines)


def add_archive_args(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark on a synthetic archive shares (bench_build, bench_serve)."""
    parser.add_argument("--n", type=int, default=10_000, help="จำนวนข่าว / number of articles (10000)")
    parser.add_argument("--seed", type=int, default=1, help="synthetic archive seed (1)")
    parser.add_argument("--conf", default=str(ROOT / "pelicanconf.py"), help="our settings (pelicanconf.py)")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_archive_args(parser)
    parser.add_argument("--repeat", type=int, default=1, help="runs per build; medians are reported (1)")
    parser.add_argument("--added", choices=("newest", "random"), default="newest",
                        help="date of the article added before the rebuild: the day after the archive's "
                             "last (newest, as a new press release) or a random day inside it (random)")
    parser.add_argument("--skip-plain", action="store_true", help="do not build with plain Pelican")
    parser.add_argument("--json", type=Path, help="also write the measurements as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--override", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.conf, json.loads(args.override), args.report)

    from scripts import make_synthetic

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    content, cache = work / "content", work / "cache"
    failed: list[str] = []
    lock = work / ".bench-build.lock"
    try:  # two benchmarks in one folder would rewrite each other's archive mid-build
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        sys.stderr.write(f"{work} is in use by another bench_build ({lock}); use another --work\n")
        return 2
    try:
        conf = snapshot_code(Path(args.conf), work / "code")
        if content.exists():
            shutil.rmtree(content)
        started = time.perf_counter()
        make_synthetic.write_archive(args.n, content, args.seed)
        sys.stderr.write(f"synthetic archive: {args.n} articles in {time.perf_counter() - started:.1f} s\n")
        results: dict[str, list[dict]] = {"plain": [], "full": [], "rebuild": []}
        if args.skip_plain:
            del results["plain"]
        added: list[Path] = []
        for i in range(args.repeat):
            for path in added:
                path.unlink()
            added.clear()
            if not args.skip_plain:
                results["plain"].append(run_build("plain", "", plain_override(content, work / "out-plain"), work))
                sys.stderr.write(f"plain Pelican: {results['plain'][-1]['wall']:.1f} s\n")
            shutil.rmtree(cache, ignore_errors=True)  # a cold build: no cache, no earlier output
            shutil.rmtree(work / "out-ours", ignore_errors=True)
            ours = our_override(content, work / "out-ours", cache)
            results["full"].append(run_build("full", conf, ours, work))
            sys.stderr.write(f"our full build: {results['full'][-1]['wall']:.1f} s\n")
            added.append(add_one_article(content, args.n + i, args.seed, args.added))
            results["rebuild"].append(run_build("rebuild", conf, ours, work))
            sys.stderr.write(f"our rebuild (+1 article): {results['rebuild'][-1]['wall']:.1f} s\n")
        text = format_report(args.n, results, args.added)
        sys.stdout.write(text + "\n")
        failed = [run["label"] for runs in results.values() for run in runs if run.get("error")]
        if failed:
            sys.stderr.write(f"BUILD FAILED in {', '.join(failed)}: the figures above are not valid\n")
        if args.json:
            args.json.write_text(json.dumps({"n": args.n, "results": results}, ensure_ascii=False, indent=1),
                                 encoding="utf-8")
    finally:
        lock.unlink(missing_ok=True)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
