"""วัดต้นทุนภาพ / Benchmark the photos (issue 14): cost per photo on one core, and an archive of
--articles articles with --photos photos each (default 1,000 x 5): the full build's time and peak memory,
and the rebuild after one new article, which must derive only that article's photos.

1. Per photo, one core: --sample camera-like JPEGs (--size, EXIF with GPS) derived one at a time in
   this process (plugins/cdd_images/derive.py: orientation, EXIF dropped, WebP + JPEG at every width):
   CPU seconds per photo; then the same photos again from the cache (what a rebuild pays).
2. The archive: articles as the normaliser writes them (figures, Image:) over --articles x --photos
   distinct photos. To keep the set-up short, the photos are made from --sample base photos, each copy
   given its own bytes after the JPEG's end (its own SHA-256, fully decoded and encoded like any other).
   Full build: pelicanconf.py, cache and output empty, in a subprocess (wall time; CPU time and peak
   RSS from wait4: the CPU of Pelican and the derivation workers it forks, the RSS of the largest). Rebuild: one new article with --photos new
   photos, cache and output kept; the cache entries made are counted and no other photo's entry may
   change.

    nice python scripts/bench_images.py                 # 1,000 x 5
    python scripts/bench_images.py --articles 100 --json out.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cdd_images import derive as D
from scripts import images_fixture as F

ROOT = Path(__file__).resolve().parent.parent


def per_photo(bases: list[bytes], work: Path) -> dict:
    folder, cache = work / "one-core", work / "one-core-cache"
    folder.mkdir()
    paths = []
    for data in bases:
        path = folder / f"{hashlib.sha256(data).hexdigest()}.jpg"
        path.write_bytes(data)
        paths.append(path)
    cpu, wall = [], []
    for path in paths:
        c, w = time.process_time(), time.perf_counter()
        D.derive(path, cache)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    c = time.process_time()
    for path in paths:
        D.derive(path, cache)
    cached = (time.process_time() - c) / len(paths)
    out_bytes = sum(p.stat().st_size for p in (cache / "images").rglob("*") if p.is_file()) / len(paths)
    return {"photos": len(paths), "cpu_s_median": statistics.median(cpu), "cpu_s_mean": statistics.fmean(cpu),
            "wall_s_median": statistics.median(wall), "cached_cpu_s": cached,
            "source_kb": sum(len(b) for b in bases) / len(bases) / 1024, "derived_kb_per_photo": out_bytes / 1024}


def write_article(articles: Path, images: Path, n: int, photos: int, bases: list[bytes], size) -> None:
    figs = []
    w, h = size
    for i in range(photos):
        data = bases[(n * photos + i) % len(bases)] + b"\xff\xfe" + f"bench {n} {i}".encode()  # own hash
        name = f"{hashlib.sha256(data).hexdigest()}.jpg"
        (images / name).write_bytes(data)
        figs.append(F.figure(f"/images/{name}", w, h, f"ภาพกิจกรรมที่ {i + 1} ของข่าว {n}",
                             f"คำบรรยายภาพที่ {i + 1}" if i == 0 else ""))
    day = f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}"
    lead = figs[0].split('src="', 1)[1].split('"', 1)[0]
    head = [f"Title: พช.ขอนแก่น อบรมผู้นำกลุ่มออมทรัพย์ ครั้งที่ {n}", f"Date: {day}", "Provinces: ขอนแก่น",
            "Missions: ", "Tags: ออมทรัพย์", f"Summary: ข่าวทดสอบภาพ ครั้งที่ {n}",
            f"Slug: {day}-khon-kaen-bench{n:05d}", "Lang: th", f"Image: {lead}"]
    body = [F.PARAGRAPH, figs[0], F.PARAGRAPH, F.PARAGRAPH, *figs[1:]]
    (articles / f"bench{n:05d}.md").write_text("\n".join(head) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


def build(content: Path, output: Path, cache: Path) -> dict:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(ROOT / "pelicanconf.py"),
               "-e", f'CACHE_PATH="{cache}"']
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode:
        sys.exit(f"build failed ({child.returncode}):\n{log[-3000:]}")
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}


def entries(cache: Path) -> dict[str, int]:
    folder = cache / "images"
    return {p.name: (p / "manifest.json").stat().st_mtime_ns for p in folder.iterdir()
            if (p / "manifest.json").is_file()} if folder.is_dir() else {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=5, help="photos per article")
    parser.add_argument("--sample", type=int, default=20, help="base photos (and the one-core sample)")
    parser.add_argument("--size", default="1600x1067", help="photo size WxH (a press photo as posted)")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    size = tuple(int(x) for x in args.size.lower().split("x"))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start: {load} ({os.cpu_count()} cores)", flush=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-images-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bases = [F.photo(*size, seed=i) for i in range(args.sample)]
        one = per_photo(bases, work)
        print(f"per photo ({size[0]}x{size[1]} JPEG, {one['source_kb']:.0f} KB, one core): "
              f"{one['cpu_s_median'] * 1000:.0f} ms CPU median ({one['cpu_s_mean'] * 1000:.0f} mean) -> "
              f"{len(D.WIDTHS)} widths x WebP+JPEG + clean copy, {one['derived_kb_per_photo']:.0f} KB; "
              f"from the cache {one['cached_cpu_s'] * 1000:.1f} ms", flush=True)
        content = work / "content"
        articles, images = content / "articles", content / "images"
        for folder in (articles, images, content / "pages"):
            folder.mkdir(parents=True)
        started = time.perf_counter()
        for n in range(args.articles):
            write_article(articles, images, n, args.photos, bases, size)
        print(f"archive: {args.articles} articles x {args.photos} photos written in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        output, cache = work / "output", work / "cache"
        full = build(content, output, cache)
        made_full = entries(cache)
        print(f"full build: {full['wall_s']:.1f} s wall, {full['cpu_s']:.0f} s CPU, peak {full['peak_rss_mb']:.0f} MB, "
              f"{len(made_full)} photos derived", flush=True)
        write_article(articles, images, args.articles, args.photos, bases, size)
        again = build(content, output, cache)
        made_again = entries(cache)
        new = sorted(set(made_again) - set(made_full))
        changed = [k for k, v in made_full.items() if made_again.get(k) != v]
        print(f"rebuild after one new article: {again['wall_s']:.1f} s wall, {again['cpu_s']:.0f} s CPU, "
              f"peak {again['peak_rss_mb']:.0f} MB, {len(new)} photos derived, {len(changed)} other photos redone",
              flush=True)
        ok = len(made_full) == args.articles * args.photos and len(new) == args.photos and not changed
        result = {"load_average": os.getloadavg(), "per_photo": one, "articles": args.articles,
                  "photos": args.photos, "size": size, "full": full, "rebuild": again,
                  "derived_full": len(made_full), "derived_rebuild": len(new), "redone": len(changed), "ok": ok}
        if args.json:
            args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
        print("OK" if ok else "FAILED: the rebuild did not derive exactly the new article's photos")
        return 0 if ok else 1
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
