"""Where an article's photos go on its page: the lead photo above the text, runs of photos as a gallery,
the others in place; and what listings (thumbnail) and shares (og:image, JSON-LD) show of them.

Input is the article's HTML after the sanitiser (cdd_thai.safe_html), where a photo is
``<figure><img src="/images/<sha256>.<ext>" alt=… width=… height=…><figcaption>…</figcaption></figure>``
as the normaliser and the editor write it. Every photo appears once: the lead is taken out of the text.
Alt and caption are re-escaped text; nothing else of the source markup is carried over.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .check import ImageRejected
from .derive import DERIVED, PREFIX, derive, picture, rewrite

FIGURE = re.compile(r'<figure>\s*(?P<img><img\b[^>]*>)\s*(?:<figcaption>(?P<cap>.*?)</figcaption>\s*)?</figure>', re.S)
SRC = re.compile(r'\bsrc="/images/([0-9a-f]{64}\.(?:jpg|png|webp))"')
ALT = re.compile(r'\balt="([^"]*)"')
# the article column (site.css .article: 46rem) and the gallery's two or three columns
SIZES_LEAD = "(min-width: 48rem) 46rem, calc(100vw - 2rem)"
SIZES_GALLERY = "(min-width: 48rem) 15rem, calc(50vw - 1.5rem)"
THUMB_W = 240  # listing thumbnails are 6-8rem wide: 240 px covers two device pixels per CSS pixel


@dataclass
class Arranged:
    body: str
    lead_html: str = ""  # <figure class="lead-photo"> for the page header, or ""
    photos: list[dict] = field(default_factory=list)  # manifests, the lead first, each once
    lead: dict | None = None  # the lead photo's manifest
    lead_alt: str = ""


def _unescape_text(fragment: str) -> str:
    """Text of a sanitised caption (its inline markup dropped), for re-escaping."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment or "")).strip()


def _caption(text: str) -> str:
    return f"<figcaption>{html.escape(text, quote=False)}</figcaption>" if text else ""


def url_of(manifest: dict, width: int | None = None, fmt: str = "jpg") -> str:
    """Site-relative path (no leading slash) of a derivative: the widest up to ``width``."""
    variants = manifest["variants"]
    chosen = variants[-1] if width is None else next(
        (v for v in reversed(variants) if v["w"] <= width), variants[0])
    return f"{PREFIX[1:]}{DERIVED}{manifest['sha256']}-{chosen['w']}.{fmt}", chosen


def arrange(content: str, images_dir: Path, cache: Path, *, lead: str = "", site_url: str = "",
            report=None) -> Arranged:
    """The article body with its photos as <picture>s (see the module doc), and the lead for the header.
    ``lead`` is the Image field (/images/<sha>.<ext>); without it the first photo leads."""
    manifests: dict[str, dict | None] = {}

    def load(name: str) -> dict | None:
        if name not in manifests:
            src = images_dir / name
            try:
                if src.is_symlink() or not src.is_file():
                    raise ImageRejected("ไม่พบไฟล์ภาพ / image file not found")
                manifests[name] = derive(src, cache)
            except (ImageRejected, OSError) as exc:
                manifests[name] = None
                if report:
                    report(f"{src}: {exc}")
        return manifests[name]

    names = SRC.findall(content)
    lead_name = lead[len(PREFIX):] if lead.startswith(PREFIX) else (names[0] if names else "")
    result = Arranged(content)
    lead_manifest = load(lead_name) if re.fullmatch(r"[0-9a-f]{64}\.(?:jpg|png|webp)", lead_name) else None
    if lead_manifest:
        moved = next((m for m in FIGURE.finditer(content) if SRC.search(m.group("img"))
                      and SRC.search(m.group("img")).group(1) == lead_name), None)
        if moved or lead_name not in names:
            alt = _unescape_text(ALT.search(moved.group("img")).group(1)) if moved and ALT.search(moved.group("img")) else ""
            cap = _unescape_text(moved.group("cap")) if moved else ""
            img = f'<img src="/images/{lead_name}" alt="{html.escape(alt)}">'
            result.lead_html = (f'<figure class="lead-photo">{picture(lead_manifest, img, lead=True, site_url=site_url, sizes=SIZES_LEAD)}'
                                f"{_caption(cap)}</figure>")
            result.lead, result.lead_alt = lead_manifest, alt
            result.photos.append(lead_manifest)
            if moved:
                content = content[:moved.start()] + content[moved.end():]
    content = _galleries(content, load, site_url, result.photos)
    # the photos left are lazy, unless the lead is one of them (an <img> outside a figure)
    body, used = rewrite(content, images_dir, cache, lead="/-" if result.lead_html else lead, report=report,
                         site_url=site_url, sizes=SIZES_LEAD)
    for manifest in used:
        if all(m["sha256"] != manifest["sha256"] for m in result.photos):
            result.photos.append(manifest)
    if result.lead is None and used:
        result.lead = next((m for m in used if f"{PREFIX}{m['sha256']}.{m['ext']}" == lead), used[0])
    result.body = body
    return result


def _galleries(content: str, load, site_url: str, photos: list[dict]) -> str:
    """Two or more figures in a row (nothing but white space between them) -> one gallery: a list of
    thumbnails, each a link to the large photo (it opens without JavaScript; article.js shows it in a
    dialog with previous/next). A single figure stays in place as a lazy <picture>."""
    runs: list[list[re.Match]] = []
    for m in FIGURE.finditer(content):
        src = SRC.search(m.group("img"))
        if not src or not load(src.group(1)):
            runs.append([])  # a photo that is not published breaks the run and stays as it is
            continue
        if runs and runs[-1] and not content[runs[-1][-1].end():m.start()].strip():
            runs[-1].append(m)
        else:
            runs.append([m])
    out, at, number = [], 0, 0
    for run in (r for r in runs if r):
        out.append(content[at:run[0].start()])
        items = []
        for i, m in enumerate(run, 1):
            manifest = load(SRC.search(m.group("img")).group(1))
            photos.append(manifest)
            alt_m = ALT.search(m.group("img"))
            alt = _unescape_text(alt_m.group(1)) if alt_m else ""
            cap = _unescape_text(m.group("cap"))
            img = f'<img src="/images/{manifest["sha256"]}.{manifest["ext"]}" alt="{html.escape(alt)}">'
            if len(run) == 1:
                pic = picture(manifest, img, lead=False, site_url=site_url, sizes=SIZES_LEAD)
                items.append(f"<figure>{pic}{_caption(cap)}</figure>")
                continue
            big, v = url_of(manifest, 1600)
            pic = picture(manifest, img, lead=False, site_url=site_url, sizes=SIZES_GALLERY)
            hint = "เปิดภาพขนาดใหญ่" if alt else f"ภาพที่ {i} จาก {len(run)} เปิดภาพขนาดใหญ่"
            items.append(f'<li><figure><a class="gallery-link" href="{site_url}/{big}" data-width="{v["w"]}" '
                         f'data-height="{v["h"]}">{pic}<span class="visually-hidden"> ({hint})</span></a>'
                         f"{_caption(cap)}</figure></li>")
        if len(run) == 1:
            out.append(items[0])
        else:
            number += 1
            hid = f"photos-{number}-heading"
            out.append(f'<section class="gallery" aria-labelledby="{hid}" data-gallery>'
                       f'<h2 id="{hid}">ภาพกิจกรรม <span class="gallery-count">({len(run)} ภาพ)</span></h2>'
                       f'<ul class="gallery-list">{"".join(items)}</ul></section>')
        at = run[-1].end()
    out.append(content[at:])
    return "".join(out)


def thumbnail(manifest: dict) -> dict:
    """What a listing entry shows: the small derivatives' paths (site-relative) and size."""
    jpg, v = url_of(manifest, THUMB_W)
    webp, _ = url_of(manifest, THUMB_W, "webp")
    return {"jpg": jpg, "webp": webp, "w": v["w"], "h": v["h"]}


def share(manifest: dict, alt: str = "") -> dict:
    """og:image and JSON-LD image: the large JPEG (every service reads JPEG), with its size."""
    jpg, v = url_of(manifest, 1600)
    return {"url": jpg, "w": v["w"], "h": v["h"], "alt": alt}
