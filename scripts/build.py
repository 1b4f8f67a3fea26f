#!/usr/bin/env python3
"""สร้างเว็บโดยไม่ทำให้เว็บเดิมเสีย / Build the site without ever breaking the one already built.

usage: build.py [CONTENT] [-o OUTPUT] [-s SETTINGS] [--cache-path DIR] [-j N] [-- PELICAN-ARGS...]

Pelican writes into a fresh folder next to OUTPUT (``OUTPUT.new-XXXX``), which replaces OUTPUT only
once the build is complete; until then OUTPUT is the previous site, untouched, and a build that
fails (or is killed) leaves it as it was, with the new folder removed (on the next run at the
latest). Nothing is half-written: no index page, sitemap or search index of a build that stopped.

- Incremental rebuilds stay fast: Pelican is told the previous folder (``CDD_PREVIOUS_OUTPUT``) and
  hard-links the pages that did not change and the search index from it (cdd_incremental,
  thai_search) instead of rendering them again.
- A strict validation error (an invalid article: cdd_validate raises once everything else is
  written) still publishes the rest: the new folder replaces OUTPUT (the invalid article is not
  in it) and the exit status is 1, as README says for ``make site``. Any other error keeps the
  previous output and exits 1.
- The swap is one atomic exchange of the two folders where Linux offers it (renameat2
  RENAME_EXCHANGE), otherwise two renames; the previous folder (``OUTPUT.old-XXXX``) is removed
  afterwards, in the background unless ``--wait`` (on a busy disk that takes as long as a rebuild;
  what a removal left is removed by the next build). Two builds
  of one folder never run at once (a lock in the cache folder: the second waits).

    python scripts/build.py                                   # content/ -> output/, pelicanconf.py
    python scripts/build.py content -o /tmp/site -s publishconf.py
    python scripts/build.py -j 1                              # one process (default: every core)
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMPLETE_WITH_INVALID = 3  # the child's exit status: all written, some articles refused


def _child(argv: list[str]) -> int:
    """Run Pelican's command line; the validator exits with COMPLETE_WITH_INVALID (the setting
    CDD_INVALID_EXIT_STATUS the parent passes) instead of 1, so the parent can tell it from a crash."""
    import pelican

    try:
        pelican.main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, output: Path, wait: bool = True) -> None:
    """Put ``new`` at ``output``; the previous ``output`` (if any) is removed afterwards, by a
    process of its own unless ``wait`` (removing ~60,000 files can take longer than the build on a
    busy disk; a removal that did not finish is completed by the next build)."""
    if not os.path.lexists(output):
        os.rename(new, output)
        return
    old = output.with_name(new.name.replace(".new-", ".old-"))
    if _exchange(new, output):
        os.rename(new, old)  # after the exchange the previous site is at new's path
    else:
        os.rename(output, old)
        try:
            os.rename(new, output)
        except OSError:
            os.rename(old, output)
            raise
    if wait:
        shutil.rmtree(old, ignore_errors=True)
    else:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(old)], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def leftovers(output: Path) -> list[Path]:
    """Folders of builds that were killed before they could clean up."""
    parent = output.parent
    if not parent.is_dir():
        return []
    prefixes = (f"{output.name}.new-", f"{output.name}.old-")
    return [p for p in parent.iterdir() if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink()]


def cache_path(settings: Path, override: str | None) -> Path:
    """CACHE_PATH as Pelican will resolve it (the child runs in ROOT)."""
    if override:
        return Path(override).resolve()
    from pelican.settings import read_settings

    value = read_settings(str(settings)).get("CACHE_PATH") or "cache"
    return (ROOT / value).resolve()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--pelican"]:
        return _child(argv[1:])
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("content", nargs="?", type=Path, default=ROOT / "content", help="content folder")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "output", help="the built site")
    parser.add_argument("-s", "--settings", type=Path, default=ROOT / "pelicanconf.py", help="Pelican settings")
    parser.add_argument("--cache-path", help="Pelican's cache folder (default: the settings' CACHE_PATH)")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="processes for the build (the setting CDD_JOBS; default: every core)")
    parser.add_argument("--wait", action="store_true",
                        help="remove the previous output before returning (default: in the background)")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("-j: at least 1")
    from cdd_incremental import output_state

    output = Path(os.path.abspath(args.output))
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.exists() and not output.is_dir():
        print(f"{output}: ไม่ใช่โฟลเดอร์ / not a folder", file=sys.stderr)
        return 2
    cache = cache_path(args.settings.resolve(), args.cache_path)
    lock = hold_lock(output_state.manifest_path(cache, output).with_suffix(".lock"))
    try:
        return _build(args, output, cache, extra)
    finally:
        lock.close()


def hold_lock(path: Path):
    """One build of an output folder at a time (a cron refresh and a manual build): the second waits."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("รอให้การสร้างเว็บอีกงานหนึ่งเสร็จก่อน / waiting for another build of this folder", file=sys.stderr)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def review_note(content: Path) -> str | None:
    """The log's line on the review inbox of ``content``'s articles (where normalize.py holds inputs
    and lists articles published on a guess), or None when nothing waits (issue 11)."""
    from scripts.ingest.inbox import Inbox, default_inbox

    inbox = default_inbox(content / "articles")
    waiting = Inbox(inbox).count()
    if not waiting:
        return None
    own = inbox == default_inbox(ROOT / "content" / "articles")
    how = "make review" if own else f"scripts/review.py --inbox {inbox} list"
    return f"รอตรวจ {waiting} รายการ ({how}) / {waiting} items wait for review"


def _build(args, output: Path, cache: Path, extra: list[str]) -> int:
    from cdd_incremental import output_state

    for folder in leftovers(output):
        shutil.rmtree(folder, ignore_errors=True)
        output_state.manifest_path(cache, folder).unlink(missing_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f"{output.name}.new-", dir=output.parent))
    os.chmod(new, 0o755)  # mkdtemp makes 0700; the site is served to everyone
    overrides = [f"CACHE_PATH={json.dumps(str(cache))}", f"CDD_INVALID_EXIT_STATUS={COMPLETE_WITH_INVALID}"]
    if output.is_dir():
        overrides.append(f"CDD_PREVIOUS_OUTPUT={json.dumps(str(output))}")
    if args.jobs:
        overrides.append(f"CDD_JOBS={args.jobs}")
    command = [sys.executable, str(Path(__file__).resolve()), "--pelican", str(args.content.resolve()),
               "-o", str(new), "-s", str(args.settings.resolve()), *extra, "-e", *overrides]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT)
    try:
        note = review_note(args.content)  # while Pelican runs: importing the inbox takes ~0.4 s
        code = child.wait()
    except BaseException:
        child.kill()
        child.wait()
        shutil.rmtree(new, ignore_errors=True)
        raise
    new_manifest = output_state.manifest_path(cache, new)
    if code not in (0, COMPLETE_WITH_INVALID):
        shutil.rmtree(new, ignore_errors=True)
        new_manifest.unlink(missing_ok=True)
        print(f"สร้างเว็บไม่สำเร็จ (รหัส {code}) เว็บเดิมใน {output} ยังอยู่ครบ / build failed (status {code}): "
              f"the previous site in {output} is kept as it was", file=sys.stderr)
        return code or 1
    built = time.perf_counter()
    swap_in(new, output, wait=args.wait)
    if os.environ.get("CDD_BUILD_TIMES"):  # scripts/bench: where the time of a swapped build goes
        print(f"build {built - started:.2f} s, swap and removal of the previous output "
              f"{time.perf_counter() - built:.2f} s", file=sys.stderr)
    if new_manifest.exists():
        os.replace(new_manifest, output_state.manifest_path(cache, output))
    if note:
        print(note, file=sys.stderr)
    if code == COMPLETE_WITH_INVALID:
        print(f"เผยแพร่เว็บใหม่ใน {output} แล้ว ยกเว้นไฟล์ที่มีข้อผิดพลาด (ดู ERROR ด้านบน) / the new site is in "
              f"{output}, without the files with errors (see the ERROR lines above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
