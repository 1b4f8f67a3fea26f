"""Keyword tags: newmm words scored TF x IDF against the Thai National Corpus frequencies.

pythainlp's extract_keywords needs keybert (offline it fails) and its frequency engine returns
whitespace (FACTS.md), so scoring is ours. The background document frequencies come from the TNC
word list in pythainlp's wheel; department boilerplate and stop words never become tags.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from .people import PERSON_RE
from .tokenize import domain_terms, normalize_text, words

# Department boilerplate that is in nearly every press release: true, but useless as a tag.
BOILERPLATE = {
    "กรมการพัฒนาชุมชน", "พัฒนาชุมชน", "กระทรวงมหาดไทย", "สำนักงานพัฒนาชุมชน", "พช.", "จังหวัด", "อำเภอ",
    "ตำบล", "หมู่บ้าน", "ประจำปี", "ปีงบประมาณ", "ดำเนินงาน", "ดำเนินการ", "ขับเคลื่อน", "การขับเคลื่อน",
    "เป้าหมาย", "โครงการ", "กิจกรรม", "ประธาน", "พร้อมด้วย", "เข้าร่วม", "กล่าวว่า", "ร่วมกัน", "ทั้งนี้",
    "นาย", "นาง", "นางสาว", "เวลา", "วันที่", "วันนี้", "เมื่อวันที่", "น.", "พ.ศ.", "ครั้งที่", "ต่อไป",
    "สำนักงาน", "ประสิทธิภาพ", "ส่งเสริม", "ครั้งนี้", "อย่างต่อเนื่อง", "ได้แก่", "ประกอบด้วย", "รวมทั้ง",
    "พัฒนาการจังหวัด", "พัฒนาการอำเภอ", "รักษาราชการแทน", "การพัฒนา", "การทำงาน", "การประชุม", "การปฏิบัติ",
    "เจ้าหน้าที่พัฒนาชุมชน", "ความเข้าใจ", "เนื่องใน", "ถือเป็น", "visited", "visits", "times", "today",
}
_MONTHS = re.compile(r"^(?:มกรา|กุมภา|มีนา|เมษา|พฤษภา|มิถุนา|กรกฎา|สิงหา|กันยา|ตุลา|พฤศจิกา|ธันวา)")


@lru_cache(maxsize=1)
def _background() -> tuple[dict[str, int], int]:
    from pythainlp.corpus import tnc

    freqs = dict(tnc.word_freqs())
    return freqs, max(freqs.values())


@lru_cache(maxsize=65536)
def background_frequency(token: str) -> int:
    """How common a word is in general Thai. The TNC list is cut finer than newmm's compounds, so a
    compound it lacks is as common as its rarest part (ขอให้ = ขอ + ให้: common; ทฤษฎีใหม่: rare)."""
    freqs, _ = _background()
    if token in freqs:
        return freqs[token]
    parts, i = [], 0
    while i < len(token):
        for j in range(min(len(token), i + 20), i, -1):
            if token[i:j] in freqs and (j - i > 1 or j == len(token)):
                parts.append(freqs[token[i:j]])
                i = j
                break
        else:
            return 0
    return min(parts) if len(parts) > 1 else 0


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | frozenset(BOILERPLATE)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from .tokenize import dictionary_words

    return frozenset(normalize_text(w) for w in dictionary_words())


@lru_cache(maxsize=1)
def _domain() -> frozenset[str]:
    return frozenset(normalize_text(t) for t in domain_terms())


@lru_cache(maxsize=131072)
def is_tag_word(token: str) -> bool:
    """A word that can stand alone as a tag: no fragments ("ข", "ก."), numbers or stop words."""
    if token in _domain():
        return token not in BOILERPLATE
    if token in _stopwords() or _MONTHS.match(token):
        return False
    if re.fullmatch(r"[a-z]{2,}", token):
        return len(token) >= 3
    if token not in _dictionary():
        return False  # an unknown chunk is usually a piece of a name (ษิษฐ์, งเซิน)
    thai_letters = re.sub(r"[^ก-ฮ]", "", token)  # consonants only: a syllable has at least one
    return len(token) >= 4 and len(thai_letters) >= 3 and not re.search(r"[\d.]", token)


def extract_tags(title: str, body: str, k: int = 8) -> list[str]:
    """The k most characteristic words of an article (5-10 for a normal press release)."""
    text = PERSON_RE.sub(" ", f"{title}\n{title}\n{body}")  # names are People, not tags
    text = re.sub(r"โคก\s*หนอง\s*นา", " โคกหนองนา ", text)
    counts = Counter(t for t in words(text) if is_tag_word(t) or t == "โคกหนองนา")
    if not counts:
        return []
    _, top = _background()
    scored = {}
    for token, tf in counts.items():
        rarity = math.log((top + 1) / (background_frequency(token) + 1))
        boost = 2.0 if token in _domain() else 1.0
        scored[token] = (1 + math.log(tf)) * rarity * boost
    chosen = []
    for token in sorted(scored, key=lambda t: (-scored[t], t)):
        shown = _display(token, text)
        # Latin words are tags only as acronyms and names written in capitals (OTOP, TPMAP), not chrome.
        if not re.fullmatch(r"[A-Za-z]+", shown) or shown.isupper():
            chosen.append(shown)
            if len(chosen) == k:
                break
    return chosen


def _display(token: str, text: str) -> str:
    """How a tag is shown: "โคก หนอง นา" with its spaces, Latin words as the text writes them (OTOP)."""
    if token == "โคกหนองนา":
        return "โคก หนอง นา"
    if re.fullmatch(r"[a-z0-9]+", token):
        forms = Counter(m for m in re.findall(re.escape(token), text, re.IGNORECASE))
        return forms.most_common(1)[0][0] if forms else token
    return token
