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

from .people import ANY_NAME_RE
from .provinces import province_by_name
from .text import compile_at_openings
from .tokenize import domain_terms, normalize_text, word_counts

# Department boilerplate that is in nearly every press release: true, but useless as a tag.
BOILERPLATE = {
    "กรมการพัฒนาชุมชน", "พัฒนาชุมชน", "กระทรวงมหาดไทย", "สำนักงานพัฒนาชุมชน", "พช.", "จังหวัด", "อำเภอ",
    "ตำบล", "หมู่บ้าน", "ประจำปี", "ปีงบประมาณ", "ดำเนินงาน", "ดำเนินการ", "ขับเคลื่อน", "การขับเคลื่อน",
    "เป้าหมาย", "โครงการ", "กิจกรรม", "ประธาน", "พร้อมด้วย", "เข้าร่วม", "กล่าวว่า", "ร่วมกัน", "ทั้งนี้",
    "นาย", "นาง", "นางสาว", "เวลา", "วันที่", "วันนี้", "เมื่อวันที่", "น.", "พ.ศ.", "ครั้งที่", "ต่อไป",
    "สำนักงาน", "ประสิทธิภาพ", "ส่งเสริม", "ครั้งนี้", "อย่างต่อเนื่อง", "ได้แก่", "ประกอบด้วย", "รวมทั้ง",
    "พัฒนาการจังหวัด", "พัฒนาการอำเภอ", "รักษาราชการแทน", "การพัฒนา", "การทำงาน", "การประชุม", "การปฏิบัติ",
    "เจ้าหน้าที่พัฒนาชุมชน", "ความเข้าใจ", "เนื่องใน", "ถือเป็น", "visited", "visits", "times", "today",
    # words of every report (meetings, follow-ups, levels, offices) and pieces of names and compounds
    "พัฒนา", "ประชุม", "ติดตาม", "พื้นที่", "ระดับ", "ประจำ", "ระบบ", "ศูนย์", "สำนัก", "โครง", "หนอง",
    "เป็นไปตาม", "มีผล", "ทางการ", "ทางใน", "ผู้อำนวยการ", "เจ้าหน้าที่", "ผู้แทน", "ดังนี้", "สรุป",
    "หัวข้อ", "ข่าวประชาสัมพันธ์", "หลัก", "ลงพื้น",
    "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์",
    # positions and office abbreviations: who, not what (people are in People, places in Provinces)
    "อธิบดี", "รองอธิบดี", "ผู้ว่าราชการจังหวัด", "รองผู้ว่าราชการจังหวัด", "ผู้ตรวจราชการ", "ผู้ตรวจราชการกรม",
    "เขตตรวจราชการ", "นักวิชาการพัฒนาชุมชน", "สพจ.", "สพอ.", "ผวจ.",
    # function words newmm keeps whole that the stop-word list lacks
    "ออกจาก", "มาจาก", "มีส่วน", "ผลการดำเนินงาน",
}
_PROPER_NAME = re.compile(r"(?:ห้อง|โรงแรม|ตำบล|ต\.|ถนน|ถ\.|เจ้าฟ้า)[ก-๙]+")
# Page chrome in capitals is not an acronym of the news (OTOP, TPMAP, MOU are)
_LATIN_CHROME = {"NEWS", "UPDATE", "HOME", "BREAKING", "TOP", "AD", "POST", "SHARE", "TAGS", "LINE",
                 "LIVE", "VDO", "VIDEO", "ZOOM", "CLIP", "PHOTO", "FACEBOOK", "YOUTUBE"}
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


@lru_cache(maxsize=131072)
def _weight(token: str) -> float | None:
    """A word's rarity in general Thai times the boost of department vocabulary (2), or None for a word
    that is not counted. (The boost is a power of two: the score (1 + log tf) * weight is, to the bit,
    (1 + log tf) * rarity * boost.)"""
    if not (is_tag_word(token) or token == "โคกหนองนา"):
        return None
    _, top = _background()
    return math.log((top + 1) / (background_frequency(token) + 1)) * (2.0 if token in _domain() else 1.0)


_KHOK_NONG_NA = re.compile(r"โคก\s*หนอง\s*นา")
_ENDS_IN_LETTER = re.compile(r"[ก-๙A-Za-z]$")
_LATIN = re.compile(r"[A-Za-z]+")
_LATIN_LOWER = re.compile(r"[a-z0-9]+")


def extract_tags(title: str, body: str, k: int = 8) -> list[str]:
    """The k most characteristic words of an article (5-10 for a normal press release)."""
    # names are People, not tags: their pieces are dictionary words too (สุนทร, ภักดี)
    text = ANY_NAME_RE.sub(" ", f"{title}\n{title}\n{body}")
    # so are the names of rooms, hotels, subdistricts and royals, which newmm cuts into words
    text = _PROPER_NAME.sub(" ", text)
    text = _KHOK_NONG_NA.sub(" โคกหนองนา ", text)
    # A scrape cut mid-word ends in a fragment ("ประสา" of ประสานงาน, "OTO"): its last word is not
    # counted. (Searched in the last two characters only: $ is the end, or before a newline ending it.)
    counts = word_counts(text, but_last=_ENDS_IN_LETTER.search(text, max(0, len(text) - 2)) is not None)
    scored = []
    for token, tf in counts.items():
        weight = _weight(token)
        if weight is not None:
            scored.append((-((1 + math.log(tf)) * weight), token))  # best first, then by the word
    if not scored:
        return []
    chosen: list[str] = []
    for _, token in sorted(scored):
        shown = _canonical(_display(token, text))
        # Latin words are tags only as acronyms and names written in capitals (OTOP, TPMAP), not chrome.
        if _LATIN.fullmatch(shown) and (not shown.isupper() or shown in _LATIN_CHROME):
            continue
        # One tag per idea: สัมมาชีพ adds nothing to สัมมาชีพชุมชน; a longer tag replaces its part.
        if any(shown in tag for tag in chosen):
            continue
        wider = [i for i, tag in enumerate(chosen) if tag in shown]
        if wider:
            chosen[wider[0]] = shown
            chosen = [tag for i, tag in enumerate(chosen) if i not in wider[1:]]
        else:
            chosen.append(shown)
        if len(chosen) == k:
            break
    return chosen


def _canonical(tag: str) -> str:
    """One spelling per tag: official province names for short forms (โคราช, กาญจน์, เมืองX), OTOP."""
    if tag in ("โอทอป", "โอท็อป"):
        return "OTOP"
    province = province_by_name(tag[5:] if tag.startswith("เมือง") else tag)
    return province.name_th if province else tag


@lru_cache(maxsize=4096)
def _any_case(token: str) -> re.Pattern:
    # tried only at the token's first letter (either case): case-insensitive, it is slow elsewhere
    return compile_at_openings(re.escape(token), re.IGNORECASE)


def _display(token: str, text: str) -> str:
    """How a tag is shown: "โคก หนอง นา" with its spaces, Latin words as the text writes them (OTOP)."""
    if token == "โคกหนองนา":
        return "โคก หนอง นา"
    if _LATIN_LOWER.fullmatch(token):
        forms = Counter(m for m in _any_case(token).findall(text))
        return forms.most_common(1)[0][0] if forms else token
    return token


# --- tags that mean something (issue 15 item 6), applied to every tag an article is published with ---
# A tag is a topic a reader can follow across the archive. Three classes are not:
# - places: a province, district or region has its own page (or is one of its news' facts);
# - generic words: common in any Thai text (the TNC word list) and not department vocabulary;
# - variants of a tag already there: spaces, dots, case, the nominalising การ/ความ.
GENERIC_FREQUENCY = 1000  # TNC count above which a word (or a compound's rarest part) is everyday Thai
_REGIONS = {f"ภาค{r}" for r in ("เหนือ", "ตะวันออกเฉียงเหนือ", "กลาง", "ตะวันออก", "ตะวันตก", "ใต้", "อีสาน")} | {"อีสาน"}
_PLACE_PREFIX = re.compile(r"^(?:จังหวัด|จ\.|อำเภอ|อ\.|เมือง)\s*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+|.*[ก-ฮ]\.")  # OTOP, TPMAP; จปฐ., อช., กชช.2ค.


@lru_cache(maxsize=65536)
def is_place(tag: str) -> bool:
    """A province (any of its names), a district or a region."""
    from .provinces import DISTRICTS

    name = re.sub(r"\s+", "", tag)
    bare = _PLACE_PREFIX.sub("", name)
    return (province_by_name(name) is not None or province_by_name(bare) is not None
            or bare in DISTRICTS or name in _REGIONS)


@lru_cache(maxsize=65536)
def is_generic(tag: str) -> bool:
    """Everyday Thai (ศักยภาพ, บุคลากร, ขอบคุณ, ครบรอบ), not a term of the department's work; media
    and page chrome in capitals (LIVE, VDO)."""
    token = normalize_text(tag).replace(" ", "")
    if tag.upper() in _LATIN_CHROME:
        return True
    if token in _domain() or normalize_text(tag) in _domain() or _ACRONYM.fullmatch(tag):
        return False
    if token in _stopwords():
        return True
    return background_frequency(token) > GENERIC_FREQUENCY


@lru_cache(maxsize=65536)
def tag_key(tag: str) -> str:
    """Two tags with one key are one tag: โคก หนอง นา = โคกหนองนา, จปฐ. = จปฐ, ความยากจน = ยากจน."""
    key = re.sub(r"[\s.\-_]+", "", normalize_text(tag))
    stem = re.sub(r"^(?:การ|ความ)", "", key)
    return stem if len(stem) >= 4 else key


def meaningful(tags, people=()) -> list[str]:
    """The tags that are topics, in their order, one per key; none is a piece of the name of one of
    the article's ``people`` (ภักดี of นายอภิชาต ภักดี)."""
    names = [re.sub(r"\s+", "", str(p)) for p in people]
    kept, keys = [], set()
    for tag in tags:
        tag = str(tag).strip()
        key = tag_key(tag)
        if any(re.sub(r"\s+", "", tag) in name for name in names):
            continue
        if tag and key not in keys and not is_place(tag) and not is_generic(tag):
            kept.append(tag)
            keys.add(key)
    return kept


def _everyday(text: str) -> bool:
    return text in _stopwords() or background_frequency(text) > GENERIC_FREQUENCY


def merge_variants(tag_lists) -> dict[str, str]:
    """Across an archive: each tag -> the form most articles use among its near-duplicates (then the
    shortest, then the first in Thai order), so a variant joins its tag's page. Near-duplicates: one
    key (tag_key), or one tag is another plus an everyday word (ยุทธศาสตร์ชาติ, สัมมาชีพชุมชน)."""
    from .collation import thai_sort_key

    uses: dict[str, Counter] = {}
    for tags in tag_lists:
        for tag in tags:
            uses.setdefault(tag_key(tag), Counter())[tag] += 1
    # a key that is another key plus an everyday word at either end joins it (union-find)
    parent = {key: key for key in uses}

    def root(key):
        while parent[key] != key:
            parent[key] = key = parent[parent[key]]
        return key

    for key in uses:
        for cut in range(4, len(key) - 1):
            for part, rest in ((key[:cut], key[cut:]), (key[cut:], key[:cut])):
                if part in uses and _everyday(rest):
                    parent[root(key)] = root(part)
    groups: dict[str, Counter] = {}
    for key, forms in uses.items():
        groups.setdefault(root(key), Counter()).update(forms)
    chosen = {}
    for forms in groups.values():
        best = min(forms, key=lambda form: (-forms[form], len(form), thai_sort_key(form)))
        for form in forms:
            chosen[form] = best
    return chosen
