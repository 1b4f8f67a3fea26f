"""Is this file a photo we may publish? One check for the scraper, the normaliser and the build.

Only JPEG, PNG and WebP, told from the bytes (never from the extension or a Content-Type header);
SVG is never accepted (it can carry script). A file over MAX_BYTES, with more pixels than Pillow's
decompression-bomb limit or absurd dimensions, or truncated, is refused with a Thai/English reason.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image

MAX_BYTES = 15 * 1024 * 1024  # a press photo is a few MB; more is a wrong file
MAX_SIDE = 20_000  # pixels on one side
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}


class ImageRejected(Exception):
    """A file that is not published; str() is 'ไทย / English'."""


@dataclass(frozen=True)
class Checked:
    sha256: str
    ext: str  # jpg | png | webp, from the bytes
    mime: str
    width: int
    height: int

    @property
    def name(self) -> str:
        return f"{self.sha256}.{self.ext}"


def sniff(data: bytes) -> str | None:
    """The format the bytes say they are (jpg, png, webp, svg, gif...) or None."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    text = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text:
        return "svg"
    return None


def check_image(data: bytes) -> Checked:
    """The bytes of a publishable photo -> its hash, true type and size; ImageRejected otherwise."""
    if len(data) > MAX_BYTES:
        raise ImageRejected(f"ไฟล์ภาพใหญ่เกิน {MAX_BYTES // 2**20} MB ({len(data):,} ไบต์) / "
                            f"image file over {MAX_BYTES // 2**20} MB ({len(data):,} bytes)")
    kind = sniff(data)
    if kind == "svg":
        raise ImageRejected("ภาพ SVG ไม่เผยแพร่ (อาจมีสคริปต์) / SVG is never published (it can carry script)")
    if kind not in ("jpg", "png", "webp"):
        raise ImageRejected("ไม่ใช่ภาพ JPEG, PNG หรือ WebP / not a JPEG, PNG or WebP image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                fmt = im.format
                if width > MAX_SIDE or height > MAX_SIDE or width < 1 or height < 1:
                    raise ImageRejected(f"ขนาดภาพผิดปกติ {width}x{height} / absurd dimensions {width}x{height}")
                im.load()  # decodes every pixel: a truncated file fails here
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(f"ภาพมีพิกเซลมากเกินไป (decompression bomb) / too many pixels: {exc}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(f"ไฟล์ภาพเสียหรือไม่ครบ / broken or truncated image: {exc}") from None
    if fmt not in FORMATS or FORMATS[fmt][0] != kind:
        raise ImageRejected(f"ชนิดไฟล์ไม่ตรงกับเนื้อไฟล์ ({fmt}) / type does not match the bytes ({fmt})")
    ext, mime = FORMATS[fmt]
    return Checked(hashlib.sha256(data).hexdigest(), ext, mime, width, height)
