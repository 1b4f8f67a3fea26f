"""Real photos for the photo tests and scripts/bench_images.py: camera-like JPEGs (noise, gradients,
EXIF with GPS and an orientation) and PNGs, written into a content folder as the normaliser writes
them (content/images/<sha256>.<ext>, Markdown figures, ``Image:`` the lead photo)."""
from __future__ import annotations

import hashlib
import html
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

GPS = {1: "N", 2: (16.0, 26.0, 12.5), 3: "E", 4: (102.0, 50.0, 3.25)}  # a home in Khon Kaen


def photo(width: int, height: int, seed: int, *, fmt: str = "JPEG", orientation: int = 1, exif: bool = True) -> bytes:
    """A photo-like picture (shapes over a gradient, with noise, so the encoders do real work)."""
    rng = random.Random(seed)
    small = Image.new("RGB", (64, 48))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(64 * 48)])
    im = small.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(10, max(11, width // 5))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    im = im.filter(ImageFilter.GaussianBlur(1))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    im = Image.blend(im, noise, 0.12)
    out = io.BytesIO()
    if fmt == "JPEG":
        ex = Image.Exif()
        if exif:
            ex[0x010F] = "CameraMaker"
            ex[0x0110] = "Model X"
            ex[0x0132] = "2020:10:30 09:15:00"
            ex[0x0112] = orientation
            ex[0x8825] = GPS
        im.save(out, "JPEG", quality=90, exif=ex.tobytes() if exif else b"")
    else:
        im.save(out, "PNG")
    return out.getvalue()


def store(images: Path, data: bytes) -> tuple[str, int, int]:
    """-> (URL /images/<sha>.<ext>, shown width, shown height) of a photo copied into content/images."""
    images.mkdir(parents=True, exist_ok=True)
    ext = "png" if data.startswith(b"\x89PNG") else "jpg"
    name = f"{hashlib.sha256(data).hexdigest()}.{ext}"
    (images / name).write_bytes(data)
    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
        if im.getexif().get(0x0112) in (5, 6, 7, 8):
            w, h = h, w
    return f"/images/{name}", w, h


def figure(url: str, w: int, h: int, alt: str, caption: str = "") -> str:
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{url}" alt="{html.escape(alt)}" width="{w}" height="{h}">{cap}</figure>'


PARAGRAPH = ("วันนี้ (30 ตุลาคม 2563) นายสมชาย ใจดี พัฒนาการจังหวัดขอนแก่น เป็นประธานเปิดการอบรมเพิ่มศักยภาพ"
             "ผู้นำกลุ่มออมทรัพย์เพื่อการผลิต ณ ห้องประชุมสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น อำเภอเมืองขอนแก่น "
             "โดยมีผู้เข้าร่วมการอบรม จำนวน 80 คน ประกอบด้วยคณะกรรมการกลุ่มออมทรัพย์เพื่อการผลิตจากทุกอำเภอ")


def article(folder: Path, images: Path, n: int, *, photos: int = 5, date: str = "2020-10-30",
            published: str = "", size: tuple[int, int] = (1800, 1200), paragraphs: int = 6) -> Path:
    """Article n with ``photos`` photos: the lead (a JPEG with GPS, rotated by its EXIF) after the first
    paragraph, then text, then the rest one after another (a gallery; one of them a PNG)."""
    figs = []
    for i in range(photos):
        fmt = "PNG" if i == photos - 1 and photos > 2 else "JPEG"
        w, h = size if i else (size[1], size[0])  # the lead is stored landscape, shown portrait
        data = photo(w, h, seed=n * 100 + i, fmt=fmt, orientation=6 if i == 0 else 1)
        url, sw, sh = store(images, data)
        figs.append(figure(url, sw, sh, f"ภาพกิจกรรมที่ {i + 1} ของข่าว {n}", f"คำบรรยายภาพที่ {i + 1}" if i % 2 == 0 else ""))
    body = [PARAGRAPH, *(figs[:1]), *([PARAGRAPH] * (paragraphs - 1)), *figs[1:]]
    head = [f"Title: พช.ขอนแก่น อบรมผู้นำกลุ่มออมทรัพย์ ครั้งที่ {n}", f"Date: {date}",
            "Provinces: ขอนแก่น", "Missions: ", "Tags: ออมทรัพย์",
            f"Summary: ข่าวทดสอบภาพ ครั้งที่ {n}", f"Slug: {date}-khon-kaen-photo{n:05d}", "Lang: th"]
    if published:
        head.append(f"Published: {published}")
    if figs:
        head.append("Image: " + figs[0].split('src="', 1)[1].split('"', 1)[0])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"photo{n:05d}.md"
    path.write_text("\n".join(head) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path
