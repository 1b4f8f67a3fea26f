"""The photos of a scraped post: found in its HTML in reading order, matched to the files the scraper
stored (RAW/<site>/images/<sha256>.<ext> with a <name>.json sidecar: url, alt, caption, width, height),
checked with Pillow (cdd_images.check), and written as figures by code, never from the page's markup.

A figure is placed before the text line that followed it on the page (anchor); the text itself is
parsed exactly as without photos, so a post without stored photos gives the same article as before.
"""
from __future__ import annotations

import html as htmllib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from cdd_images.check import ImageRejected, check_image
from cdd_thai.text import atomic_write

from .clean import strip_invisible

TOKEN = re.compile("\ue000(\\d+)\ue001")
IMAGE_URL = re.compile(r"\.(?:jpe?g|png|webp)(?:$|\?)", re.IGNORECASE)
IMAGES_URL = "/images/"  # content/images/ is published there (STATIC_PATHS)


@dataclass
class Figure:
    name: str  # <sha256>.<ext>
    source: Path  # the checked raw file
    alt: str
    caption: str
    width: int
    height: int
    anchor: str = ""  # key of the text line that followed the photo on the page ("" = at the end)

    @property
    def url(self) -> str:
        return IMAGES_URL + self.name

    def markdown(self) -> str:
        """A raw-HTML figure block (Markdown passes it through; the sanitiser keeps figure/img/figcaption).
        Alt and caption are text: escaped, one line."""
        alt = htmllib.escape(_one_line(self.alt), quote=True)
        img = f'<img src="{self.url}" alt="{alt}" width="{self.width}" height="{self.height}">'
        caption = _one_line(self.caption)
        cap = f"<figcaption>{htmllib.escape(caption, quote=True)}</figcaption>" if caption else ""
        return f"<figure>{img}{cap}</figure>"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", strip_invisible(text or "")).strip()


def _best_srcset(value: str) -> str:
    best, best_w = "", -1
    for part in (value or "").split(","):
        bits = part.strip().split()
        if not bits:
            continue
        width = int(bits[1][:-1]) if len(bits) > 1 and bits[1].endswith("w") and bits[1][:-1].isdigit() else 0
        if width > best_w:
            best, best_w = bits[0], width
    return best


def mark_images(soup, refs: list[dict], page_url: str = "") -> None:
    """Replace each photo of the page (figure, WordPress caption box, img) by a token line; refs[i] gets
    the candidate URLs (gallery link to the full file, largest srcset entry, src, lazy data-src), alt and
    caption of token i."""
    from bs4 import NavigableString

    for img in list(soup.find_all("img")):
        if img.find_parent(["noscript", "template"]) or img.parent is None:
            continue
        box = img.find_parent(["figure"]) or img.find_parent(class_=re.compile(r"\bwp-caption\b"))
        if box is not None and len(box.find_all("img")) > 1:  # a gallery in one figure: the item's caption
            box = img.find_parent(class_=re.compile(r"gallery-item|blocks-gallery-item")) or img.find_parent("li")
        cap = None
        if box is not None:
            cap = box.find("figcaption") or box.find(class_=re.compile(r"wp-caption-text|gallery-caption"))
        urls = []
        link = img.find_parent("a")
        if link is not None and link.get("href") and IMAGE_URL.search(link["href"]):
            urls.append(link["href"])
        for value in (_best_srcset(img.get("srcset", "")), img.get("data-src"), img.get("src")):
            if value and not value.startswith("data:"):
                urls.append(value)
        urls = [urljoin(page_url, u.strip()) for u in urls if isinstance(u, str)]
        refs.append({"urls": list(dict.fromkeys(urls)), "alt": str(img.get("alt") or ""),
                     "caption": cap.get_text(" ", strip=True) if cap else ""})
        # Only the img goes: its caption stays text until the photo is found (then resolve() takes it
        # out of the body), so a post whose photos were not downloaded reads as before.
        img.replace_with(NavigableString(f"\n\ue000{len(refs) - 1}\ue001\n"))


def without_captions(lines: list[str], figures: list["Figure"]) -> list[str]:
    """Body lines without the caption line of each figure (it is in the figure now)."""
    wanted = [line_key(f.caption, 10**6) for f in figures if line_key(f.caption)]
    out = []
    for line in lines:
        key = line_key(line, 10**6)
        if key and key in wanted:
            wanted.remove(key)
            continue
        out.append(line)
    return out


def split_tokens(text: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """Text with token lines -> (the text without them, [(ref index, the next two text lines)])."""
    out, placed, waiting = [], [], []
    for line in text.split("\n"):
        tokens = TOKEN.findall(line)
        rest = TOKEN.sub("", line)
        if rest.strip():
            for item in placed:
                if len(item[1]) < 2 and item[0] not in waiting:
                    item[1].append(rest)
            for index in waiting:
                placed.append((index, [rest]))
            waiting = []
        waiting += [int(t) for t in tokens]
        out.append(rest)
    placed += [(index, []) for index in waiting]
    return "\n".join(out), placed


def line_key(line: str, limit: int = 40) -> str:
    return re.sub(r"[\W_]+", "", line)[:limit]


def _store_index(folder: Path) -> dict[str, tuple[Path, dict]]:
    """URL -> (stored file, sidecar) of a raw images folder."""
    index = {}
    if not folder.is_dir() or folder.is_symlink():
        return index
    for side in sorted(folder.glob("*.json")):
        target = side.with_suffix("")  # <sha>.<ext>.json -> <sha>.<ext>
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or not target.is_file() or target.is_symlink():
            continue
        for url in [data.get("url"), *(data.get("urls") or [])]:
            if isinstance(url, str) and url:
                index.setdefault(url, (target, data))
    return index


def _variants(url: str) -> list[str]:
    """A URL and the same without query/fragment and without WordPress' -300x200 size suffix."""
    bare = url.split("#")[0].split("?")[0]
    full = re.sub(r"-\d{2,5}x\d{2,5}(?=\.\w+$)", "", bare)
    return list(dict.fromkeys([url, bare, full]))


def resolve(refs: list[dict], placed: list[tuple[int, list[str]]], folder: Path, *, report=None) -> list[Figure]:
    """The figures of a post whose files are in the raw images folder, in reading order, each photo once;
    a stored file that fails the check is reported (file and reason, Thai/English) and left out."""
    report = report or (lambda message: print(message, file=sys.stderr))
    index = _store_index(folder)
    figures, seen = [], set()
    for ref_index, following in placed:
        ref = refs[ref_index]
        # the line after the photo, unless it is the photo's own caption (which leaves the text)
        anchors = [line for line in following if line_key(line, 10**6) != line_key(ref["caption"], 10**6)]
        anchor = anchors[0] if anchors else ""
        found = next((index[v] for url in ref["urls"] for v in _variants(url) if v in index), None)
        if found is None:
            continue  # not downloaded (yet): no figure, the text stays
        path, side = found
        try:
            data = path.read_bytes()
            checked = check_image(data)
        except (OSError, ImageRejected) as exc:
            report(f"{path}: ภาพไม่เผยแพร่ / image not published — {exc}")
            continue
        if path.suffix.lower().lstrip(".") != checked.ext:
            report(f"{path}: ชนิดไฟล์จริงคือ {checked.ext.upper()} ไม่ใช่ตามชื่อไฟล์ จึงใช้ .{checked.ext} / "
                   f"the bytes are {checked.ext.upper()}, not what the name says: published as .{checked.ext}")
        if checked.name in seen:
            continue
        seen.add(checked.name)
        figures.append(Figure(name=checked.name, source=path, alt=ref["alt"] or str(side.get("alt") or ""),
                              caption=ref["caption"] or str(side.get("caption") or ""),
                              width=checked.width, height=checked.height, anchor=line_key(anchor)))
    return figures


def place(blocks: list[tuple[str, str]], figures: list[Figure]) -> list[str]:
    """Markdown blocks [(block, key of its first line)] with each figure put before the first block (at or
    after the previous figure's place) whose line it preceded on the page; unmatched ones follow the
    previous figure (the first ones: the top of the body)."""
    at: dict[int, list[str]] = {}
    pos = 0
    for fig in figures:
        if fig.anchor:
            for i in range(pos, len(blocks)):
                key = blocks[i][1]
                if key and (fig.anchor in key or key in fig.anchor):
                    pos = i
                    break
        else:
            pos = len(blocks)
        at.setdefault(pos, []).append(fig.markdown())
    out = []
    for i, (block, _key) in enumerate(blocks):
        out += at.get(i, [])
        out.append(block)
    out += at.get(len(blocks), [])
    return out


def copy_into(figures: list[Figure], images_dir: Path) -> None:
    """content/images/<sha256>.<ext>: named by content, so an existing file is the same photo."""
    for fig in figures:
        target = images_dir / fig.name
        if target.is_file() and not target.is_symlink():
            continue
        atomic_write(target, Path(fig.source).read_bytes())
