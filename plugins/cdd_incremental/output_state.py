"""What the last build wrote into an output folder, so that the next one removes what it no longer
writes: an article withdrawn (draft, hidden), deleted or made invalid loses its page, its tag
pages, its feeds' copies... also when the output folder is reused (``DELETE_OUTPUT_DIRECTORY =
False``, the incremental development build and ``make serve``).

The manifest of an output folder is ``CACHE_PATH/cdd_output/<hash of its real path>.json``: the
files written by the writer (pages, feeds; a page the incremental writer skipped counts as
written), the static files copied, and sitemap.xml. A file is removed only if the previous
manifest lists it and this build did not write it: whatever else is in the folder (a ``.git``, a
file put there by hand) is left alone. The search index (thai_search removes its own stale files)
and the theme's static files are never listed. scripts/build.py moves the manifest of the folder
it built into to the folder it swapped it to.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from cdd_thai.text import atomic_write

from .output_guard import inside, real_path

logger = logging.getLogger(__name__)

MANIFEST_DIR = "cdd_output"


def manifest_path(cache_path, output_path) -> Path:
    real = os.path.realpath(output_path)
    return Path(cache_path) / MANIFEST_DIR / (hashlib.sha1(real.encode("utf-8")).hexdigest()[:20] + ".json")


def load_manifest(path: Path) -> set[str] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return set(data.get("files", ())) if isinstance(data, dict) else None


def save_manifest(path: Path, output_path, files) -> None:
    atomic_write(path, json.dumps({"output": os.path.realpath(output_path), "files": sorted(files)},
                                  ensure_ascii=False, indent=0))


def relative_files(output_path, paths) -> set[str]:
    """Absolute paths written (cdd_patches.writer.written_files) as output-relative POSIX paths."""
    out = os.path.realpath(output_path)
    prefix = out.rstrip(os.sep) + os.sep  # a real path below ``out`` starts so (realpath normalises)
    files = set()
    folders: dict = {}
    for path in paths:
        real = real_path(path, folders)
        if real.startswith(prefix) and len(real) > len(prefix):
            files.add(real[len(prefix):].replace(os.sep, "/"))
    return files


def remove_stale(output_path, previous: set[str], current: set[str]) -> list[str]:
    """Delete the files of ``previous`` that are not in ``current`` (inside the output folder only)
    and the folders this leaves empty; returns the removed files."""
    removed = []
    for rel in sorted(previous - current):
        path = os.path.join(output_path, rel)
        if os.path.isabs(rel) or not inside(output_path, os.path.dirname(path)):
            continue
        if os.path.islink(path) or os.path.isfile(path):
            os.unlink(path)
            removed.append(rel)
            parent = os.path.dirname(path)
            while parent and inside(output_path, parent) and os.path.realpath(parent) != os.path.realpath(output_path):
                try:
                    os.rmdir(parent)  # only when empty
                except OSError:
                    break
                parent = os.path.dirname(parent)
    return removed


def sitemap_file(settings) -> str | None:
    """sitemap.xml when this build writes one (cdd_archive's rule: the setting and a SITEURL)."""
    options = settings.get("CDD_ARCHIVE") or {}
    name = options.get("sitemap", "sitemap.xml")
    return name if name and settings.get("SITEURL") else None


def record(settings, output_path, written_paths, static_files) -> list[str]:
    """Remove what the previous build of this folder wrote and this one did not; save the new
    manifest. Returns the removed files."""
    cache = settings.get("CACHE_PATH")
    if not cache:
        return []
    current = relative_files(output_path, written_paths)
    current |= {Path(os.path.normpath(s.save_as)).as_posix() for s in static_files if getattr(s, "save_as", "")}
    sitemap = sitemap_file(settings)
    if sitemap:
        current.add(sitemap)
    path = manifest_path(cache, output_path)
    previous = load_manifest(path)
    removed = remove_stale(output_path, previous, current) if previous else []
    if removed:
        logger.info("cdd_incremental: ลบไฟล์ที่ไม่ได้เผยแพร่แล้ว %d ไฟล์ / removed %d file(s) no longer "
                    "published: %s", len(removed), len(removed), ", ".join(removed[:10]))
    save_manifest(path, output_path, current)
    return removed
