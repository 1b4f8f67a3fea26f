"""Responsive derivatives of the photos in content/images/, cached by the photo's SHA-256.

For each photo: its orientation applied, then every EXIF tag (GPS positions of villagers' homes) and
other metadata dropped by re-encoding only the pixels; WebP and JPEG at 480/960/1600 px wide (never
wider than the photo), and a clean copy of the photo itself, which replaces the static copy in output/.
A cache entry (CACHE/images/<sha256>/) is complete when its manifest.json exists (written last), so a
rebuild reads the manifest and encodes nothing.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
from pathlib import Path

from PIL import Image, ImageOps

from cdd_thai.text import atomic_write

from .check import ImageRejected, check_image

WIDTHS = (240, 480, 960, 1600)  # 240: listing thumbnails
SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)"  # the article column (site.css .article)
VERSION = 2  # of the manifest: an entry made with other WIDTHS is made again
PREFIX = "/images/"
DERIVED = "derived/"  # output/images/derived/<sha>-<w>.webp|jpg


def _save(im: Image.Image, path: Path, fmt: str) -> None:
    tmp = io.BytesIO()  # encoded in memory, then written whole (a cache entry is never half a photo)
    if fmt == "JPEG":
        if im.mode != "RGB":
            base = Image.new("RGB", im.size, (255, 255, 255))
            base.paste(im, mask=im.getchannel("A") if "A" in im.getbands() else None)
            im = base
        im.save(tmp, "JPEG", quality=82, optimize=True, progressive=True)
    elif fmt == "WEBP":
        im.save(tmp, "WEBP", quality=80, method=2)  # 2.5x faster than method 4 for ~1% more bytes
    else:
        im.save(tmp, fmt)  # PNG: zlib's default level; optimize=True costs seconds on a large photo
    atomic_write(path, tmp.getvalue(), durable=False)  # the cache can always be made again


def derive(src: Path, cache: Path) -> dict:
    """-> manifest {sha256, ext, width, height, clean, variants: [{w, h, webp, jpg}]} (names relative to
    the cache entry), made once per photo content. ImageRejected for a file that is not a photo."""
    data = src.read_bytes()
    entry = cache / "images" / hashlib.sha256(data).hexdigest()
    manifest = entry / "manifest.json"
    if manifest.is_file():  # checked and encoded by an earlier build: a hash, no decoding
        try:
            made = json.loads(manifest.read_text(encoding="utf-8"))
            if made.get("version") == VERSION:
                return made
        except ValueError:
            pass
    checked = check_image(data)
    entry.mkdir(parents=True, exist_ok=True)
    with Image.open(src) as opened:
        im = ImageOps.exif_transpose(opened)  # orientation first, then the tags go
        im = im.convert("RGBA" if "A" in im.getbands() or "transparency" in im.info else "RGB")
    im.info.clear()
    width, height = im.size
    clean = f"original.{checked.ext}"
    variants, small = [], im
    # widest first, each made from the next wider one (cheaper than from the full photo, as sharp)
    for w in sorted({min(w, width) for w in WIDTHS}, reverse=True):
        h = max(1, round(height * w / width))
        small = small if w == small.size[0] else small.resize((w, h), Image.Resampling.LANCZOS)
        _save(small, entry / f"{w}.webp", "WEBP")
        _save(small, entry / f"{w}.jpg", "JPEG")
        variants.insert(0, {"w": w, "h": h, "webp": f"{w}.webp", "jpg": f"{w}.jpg"})
    if checked.ext == "jpg" and variants[-1]["w"] == width:
        shutil.copyfile(entry / variants[-1]["jpg"], entry / clean)  # the same pixels, the same encoder
    else:
        _save(im, entry / clean, {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[checked.ext])
    result = {"version": VERSION, "sha256": checked.sha256, "ext": checked.ext, "width": width, "height": height,
              "clean": clean, "variants": variants}
    atomic_write(manifest, json.dumps(result, indent=1))
    return result


def published_names(manifest: dict) -> dict[str, str]:
    """output/images/ path -> cache entry file, for one photo."""
    sha = manifest["sha256"]
    names = {f"{sha}.{manifest['ext']}": manifest["clean"]}
    for v in manifest["variants"]:
        names[f"{DERIVED}{sha}-{v['w']}.webp"] = v["webp"]
        names[f"{DERIVED}{sha}-{v['w']}.jpg"] = v["jpg"]
    return names


def publish(manifest: dict, cache: Path, output_images: Path) -> None:
    """Put the derivatives and the clean photo in output/images/ (over the static copy, which keeps its
    EXIF). A file already there with the cache file's size and time is left alone: a rebuild reads no
    photo. Derivatives are hard links to the cache (no copy; Pelican never writes in derived/); the
    clean photo is a copy, since Pelican copies the original over that very name at every build."""
    entry = cache / "images" / manifest["sha256"]
    for name, cached in published_names(manifest).items():
        target = output_images / name
        src = entry / cached
        stat = src.stat()
        try:
            there = target.stat()
            if there.st_size == stat.st_size and there.st_mtime_ns == stat.st_mtime_ns:
                continue
            target.unlink()
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        if name.startswith(DERIVED):
            try:
                os.link(src, target)
                continue
            except OSError:
                pass  # another file system: copy
        shutil.copy2(src, target)


def _derive_quietly(args: tuple[str, str]) -> None:
    try:
        derive(Path(args[0]), Path(args[1]))
    except (ImageRejected, OSError):
        pass  # reported when the article is arranged


def derive_all(sources: list[Path], cache: Path, workers: int) -> int:
    """Make the cache entries of photos not in the cache yet, in ``workers`` processes (a photo costs
    a few hundred ms of one core: a first build of a large archive uses every core); -> how many."""
    todo = []
    for src in sources:
        try:
            sha = hashlib.sha256(src.read_bytes()).hexdigest()
        except OSError:
            continue
        if not (cache / "images" / sha / "manifest.json").is_file():
            todo.append((str(src), str(cache)))
    if len(todo) < 2 or workers < 2:
        return 0  # made one by one as the articles are arranged
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers share the loaded Pillow and need no import path (Pelican loads plugins by path)
    with ProcessPoolExecutor(max_workers=min(workers, len(todo)),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_derive_quietly, todo, chunksize=4))
    return len(todo)


IMG = re.compile(r'<img\b[^>]*\bsrc="/images/([0-9a-f]{64})\.(jpg|png|webp)"[^>]*>')
ATTR = re.compile(r'\b(alt|title)="([^"]*)"')


def picture(manifest: dict, tag: str, *, lead: bool, site_url: str = "", sizes: str = SIZES) -> str:
    """One sanitised <img> of a photo -> <picture> with WebP and JPEG srcsets, dimensions, async
    decoding, lazy loading except for the lead photo. Only alt and title are carried over (escaped as
    they were by the sanitiser)."""
    sha = manifest["sha256"]
    base = f"{site_url}{PREFIX}{DERIVED}{sha}"
    webp = ", ".join(f"{base}-{v['w']}.webp {v['w']}w" for v in manifest["variants"])
    jpg = ", ".join(f"{base}-{v['w']}.jpg {v['w']}w" for v in manifest["variants"])
    middle = next((v for v in manifest["variants"] if v["w"] >= 960), manifest["variants"][-1])
    attrs = "".join(f' {k}="{v}"' for k, v in ATTR.findall(tag))
    if ' alt="' not in attrs:
        attrs = ' alt=""' + attrs
    loading = ' fetchpriority="high"' if lead else ' loading="lazy"'
    return (f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
            f'<img src="{base}-{middle["w"]}.jpg" srcset="{jpg}" sizes="{sizes}"{attrs} '
            f'width="{manifest["width"]}" height="{manifest["height"]}" decoding="async"{loading}></picture>')


def rewrite(content: str, images_dir: Path, cache: Path, *, lead: str = "", report=None,
            site_url: str = "", sizes: str = SIZES) -> tuple[str, list[dict]]:
    """Every <img src="/images/<sha256>.<ext>"> of a rendered article -> <picture>; -> (html, manifests).
    ``lead`` is the article's Image (its first photo when empty): not lazy. A photo that is missing or
    not a photo stays as it is and is reported."""
    used: list[dict] = []
    first = [True]

    def one(m: re.Match) -> str:
        name = f"{m.group(1)}.{m.group(2)}"
        src = images_dir / name
        try:
            if src.is_symlink() or not src.is_file():
                raise ImageRejected("ไม่พบไฟล์ภาพ / image file not found")
            manifest = derive(src, cache)
        except (ImageRejected, OSError) as exc:
            if report:
                report(f"{src}: {exc}")
            return m.group(0)
        is_lead = (PREFIX + name == lead) if lead else first[0]
        first[0] = False
        used.append(manifest)
        return picture(manifest, m.group(0), lead=is_lead, site_url=site_url, sizes=sizes)

    return IMG.sub(one, content), used
