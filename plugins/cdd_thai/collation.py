"""Thai dictionary order for lists people read (provinces, tags)."""
from __future__ import annotations

import re
from functools import lru_cache

_PREPOSED = re.compile(r"([เแโใไ])([ก-ฮ])")


@lru_cache(maxsize=65536)  # listings sort the same names again and again
def thai_sort_key(text: str) -> str:
    """Sort key in Thai dictionary order (as ICU's Thai collation): a vowel written before its
    consonant (เ แ โ ใ ไ) is read after it, so โคก sorts under ค (after ความ), not after ฮ as code
    points would put it; other vowels already sort after the consonants."""
    return _PREPOSED.sub(r"\2\1", text)
