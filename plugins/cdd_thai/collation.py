"""Thai dictionary order for lists people read (provinces, tags)."""
from __future__ import annotations

import re

_PREPOSED = re.compile(r"([เแโใไ])([ก-ฮ])")
_VOWELS_AND_MARKS = re.compile(r"[\u0E30-\u0E3A\u0E40-\u0E4E]")


def thai_sort_key(text: str) -> tuple[str, str]:
    """Sort key in Thai dictionary order: consonants first (โคก before ความ: ค-ก before ค-ว-ม), then
    vowels and tone marks, with a vowel written before its consonant (เ แ โ ใ ไ) read after it.
    Code point order would put every word starting with เ แ โ ใ ไ after ฮ."""
    return _VOWELS_AND_MARKS.sub("", text), _PREPOSED.sub(r"\2\1", text)
