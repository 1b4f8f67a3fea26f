"""Thai dates: Buddhist-Era years, Thai month names, Thai digits, and the event date of a press release.

pythainlp's thai_strptime breaks on literal words and Thai digits and silently misreads CE years
(FACTS.md), so parsing is our own; formatting is simple enough to keep here too.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .text import THAI_DIGITS, thai_digits_to_arabic  # noqa: F401  (the one digit fix; imported from here too)
from .text import compile_at_openings, opening_class

BE_OFFSET = 543
MIN_BE_YEAR = 2500  # older dates are scraping noise, not news

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
EN_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
WEEKDAYS = "จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัสฯ|พฤหัส|ศุกร์|เสาร์|อาทิตย์"


class ThaiDateError(ValueError):
    """A date that cannot be right: impossible, in the future, or before 2500 BE.

    The message is bilingual: Thai first, then English.
    """


def be_year(year: int) -> int:
    """CE year -> Buddhist-Era year."""
    return year + BE_OFFSET


def thai_month(month: int, short: bool = False) -> str:
    return (THAI_MONTHS_SHORT if short else THAI_MONTHS)[month - 1]


def format_thai_date(value: dt.date, *, month_only: bool = False, short: bool = False) -> str:
    """30 ตุลาคม 2563 (or ตุลาคม 2563 with month_only, 30 ต.ค. 2563 with short)."""
    month = thai_month(value.month, short=short)
    if month_only:
        return f"{month} {be_year(value.year)}"
    return f"{value.day} {month} {be_year(value.year)}"


# Month alternatives, longest first so that "มี.ค." wins over "มี" prefixes; dots optional in
# abbreviations ("ต.ค." / "ต.ค" / "ตค").
def _month_alternatives() -> list[tuple[str, int]]:
    alts = []
    for i, name in enumerate(THAI_MONTHS, 1):
        alts.append((re.escape(name), i))
    for i, short in enumerate(THAI_MONTHS_SHORT, 1):
        a, b = short.rstrip(".").split(".")
        alts.append((rf"{a}\.?\s?{b}\.?", i))
    alts.sort(key=lambda alt: -len(alt[0]))
    return alts


_MONTH_ALTS = _month_alternatives()
_SPACES_DOTS = re.compile(r"[\s.]")
_THAI_MONTH_RE = "|".join(f"(?:{pattern})" for pattern, _ in _MONTH_ALTS)
_EN_MONTH_OPENINGS = tuple(m[:3] for m in EN_MONTHS)
_EN_MONTH_RE = "|".join(EN_MONTHS) + "|" + "|".join(_EN_MONTH_OPENINGS)

# More days of one month after the first: a range "8 - 12", "8 ถึง 12", or a list "8, 9 และ 10".
_MORE_DAYS = r"(?:(?:\s*[-–—,]\s*|\s*(?:และ|ถึง)\s*(?:วันที่\s*)?)\d{1,2}(?!\d)\s*){0,6}"
# 30 ตุลาคม 2563 | 30 – 31 ตุลาคม 2563 | 30 ตุลาคม – 2 พฤศจิกายน 2563 | 22 สิงหาคม 62 | 26 เดือน กุมภาพันธ์ พ.ศ.2563
# | 8, 9 และ 10 มีนาคม 2564 (the first day: labels and archives date an event by its first day)
_AFTER_DAY = (
    rf"(?:(?P<month1>{_THAI_MONTH_RE})\s*(?=[-–—]))?"
    rf"{_MORE_DAYS}"
    rf"(?:เดือน\s*)?(?P<month>{_THAI_MONTH_RE})"
    rf"\s*(?:(?P<era>พ\.\s?ศ\.|ค\.\s?ศ\.)\s*)?(?P<year>\d{{4}}|\d{{2}})(?!\d)"
)
# After the day, a lookahead of what can follow it (a month's first letter, a dash, และ...): most numbers
# of a text (amounts, years, times) fail there at once, not after trying every month name twice.
THAI_DATE_RE = re.compile(rf"(?P<day>\d(?<!\d\d)\d?)\s*{opening_class(_AFTER_DAY)}{_AFTER_DAY}")
# Tuesday 21 May 2024 | Sunday, October 1, 2023 | September 12,2018 | 2025-09-02
# Tried only at a digit or a month's first letter: case-insensitive, its scan of a text is slow elsewhere.
EN_DATE_RE = compile_at_openings(
    rf"(?:(?<!\d)(?P<d1>\d{{1,2}})\s+(?P<m1>{_EN_MONTH_RE})\.?,?\s+(?P<y1>\d{{4}}))"
    rf"|(?:\b(?P<m2>{_EN_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})\s*,\s*(?P<y2>\d{{4}}))",
    re.IGNORECASE,
)
# Every EN_DATE_RE match names a month in Latin letters: [A-Za-z] or one of the four other letters its
# IGNORECASE matching takes for them (İ ı ſ K, found by trying every code point). Thai texts rarely have
# one, and the case-insensitive scan of a Thai text is slow: this class test spares it.
_LATIN_LETTER = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")


def has_latin(text: str) -> bool:
    """Whether EN_DATE_RE can match in ``text`` at all."""
    return _LATIN_LETTER.search(text) is not None


# "เมื่อวันที่ 12 ต.ค. ที่ผ่านมา": day and month, no year (news portals); not the first day of a range.
_YEARLESS_AFTER_DAY = (rf"{_MORE_DAYS}(?:เดือน\s*)?(?P<month>{_THAI_MONTH_RE})"
                       rf"(?!\s*(?:[-–—]|พ\.\s?ศ\.|ค\.\s?ศ\.|\d))")
YEARLESS_DATE_RE = re.compile(rf"(?P<day>\d(?<!\d\d)\d?)\s*{opening_class(_YEARLESS_AFTER_DAY)}{_YEARLESS_AFTER_DAY}")
# "วันที่ 2/2/66", "14/07/2565": day/month/Buddhist-Era year (2 or 4 digits), as Thai offices write them.
NUMERIC_DATE_RE = re.compile(r"(?P<d>\d(?<![\d/.]\d)\d?)/(?P<m>\d{1,2})/(?P<y>\d{2}|25\d{2})(?![\d/])")
# A whole field written that way: a 4-digit CE year is allowed too (a field is only a date).
_NUMERIC_VALUE_RE = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{2}|\d{4})")


@lru_cache(maxsize=1024)
def _month_number(text: str) -> int:
    compact = _SPACES_DOTS.sub("", text)
    for i, (name, short) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_SHORT), 1):
        if compact == name or compact == short.replace(".", ""):
            return i
    lowered = text.lower().rstrip(".")
    for i, name in enumerate(EN_MONTHS, 1):
        if lowered in (name, name[:3]):
            return i
    raise ValueError(text)


def _year_to_ce(year_text: str, era: str | None = None) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        return 2500 + year - BE_OFFSET  # "62" is BE 2562: Thai news never writes a 2-digit CE year
    if era and era.replace(" ", "").startswith("ค"):
        return year
    return year - BE_OFFSET if year >= 2400 else year


def make_date(year_ce: int, month: int, day: int, *, today: dt.date | None = None, raw: str = "") -> dt.date:
    """Build a date, raising ThaiDateError (Thai + English) when it cannot be a news date."""
    shown = raw or f"{year_ce:04d}-{month:02d}-{day:02d}"
    try:
        value = dt.date(year_ce, month, day)
    except ValueError:
        raise ThaiDateError(f"วันที่ไม่มีอยู่จริง: {shown} / Impossible date: {shown}") from None
    if be_year(value.year) < MIN_BE_YEAR:
        raise ThaiDateError(
            f"วันที่ก่อน พ.ศ. {MIN_BE_YEAR}: {shown} / Date before {MIN_BE_YEAR} BE "
            f"({MIN_BE_YEAR - BE_OFFSET} CE): {shown}"
        )
    if value > (today or dt.date.today()):
        raise ThaiDateError(f"วันที่อยู่ในอนาคต: {shown} / Date in the future: {shown}")
    return value


def parse_date_value(value: str, *, today: dt.date | None = None) -> dt.date:
    """Parse a front-matter date: ISO CE or BE (2020-10-30, 2563-10-30, time allowed), Thai
    ("30 ตุลาคม 2563", "30 ต.ค. 63", Thai digits) or day/month/year as Thai offices write it
    (15/03/2567, 2/2/66 BE; 15/3/2024 CE). Raises ThaiDateError."""
    text = thai_digits_to_arabic(str(value)).strip()
    if not text:
        raise ThaiDateError("ไม่มีวันที่ / The date is empty")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text)
    if m:
        year, month, day = (int(g) for g in m.groups())
        return make_date(year - BE_OFFSET if year >= 2400 else year, month, day, today=today, raw=text)
    m = _NUMERIC_VALUE_RE.fullmatch(_strip_weekday(text))
    if m:
        return make_date(_year_to_ce(m["y"]), int(m["m"]), int(m["d"]), today=today, raw=text)
    m = THAI_DATE_RE.search(text) or None
    if m and m.group(0).strip() == _strip_weekday(text):
        return make_date(_year_to_ce(m["year"], m["era"]), _month_number(m["month"]) if not m["month1"]
                         else _month_number(m["month1"]), int(m["day"]), today=today, raw=text)
    m = EN_DATE_RE.fullmatch(_EN_WEEKDAY_RE.sub("", text))
    if m:
        return _en_match_to_date(m, today=today)
    raise ThaiDateError(
        f"อ่านวันที่ไม่ได้: \"{value}\" (ใช้ 2563-10-30, 2020-10-30 หรือ 30 ตุลาคม 2563) / "
        f"Unreadable date: \"{value}\" (use 2563-10-30, 2020-10-30 or 30 ตุลาคม 2563)"
    )


# "Tuesday 21 May 2024", "Sunday, October 1, 2023": the page dates of English-language news themes.
_EN_WEEKDAY_RE = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.IGNORECASE)


def _strip_weekday(text: str) -> str:
    return re.sub(rf"^(?:วัน)?(?:{WEEKDAYS})?\s*(?:ที่|,)?\s*(?:วันที่)?\s*", "", text).strip()


def _en_match_to_date(m: re.Match, *, today: dt.date | None = None) -> dt.date:
    if m["d1"]:
        day, month, year = m["d1"], m["m1"], m["y1"]
    else:
        day, month, year = m["d2"], m["m2"], m["y2"]
    return make_date(_year_to_ce(year), _month_number(month), int(day), today=today, raw=m.group(0))


@dataclass(frozen=True)
class DateMention:
    """One date found in a text, with what the text around it says about it."""

    start: int
    end: int
    raw: str
    date: dt.date | None  # None when the mention cannot be a real date
    error: str | None
    score: int
    thai: bool
    reference: bool = False  # a deadline, a letter's date, a founding year: never the event's
    # How the date was completed when the text did not write it whole (Thai / English), for review:
    # a year taken from another year in the text, a day counted from the page's date.
    guess: str | None = None



# What comes just before a date, and what it says about the date.
_EVENT_CUES = (
    (re.compile(rf"วันนี้\s*\(\s*(?:วัน)?(?:{WEEKDAYS})?\s*(?:ที่)?\s*$"), 6),
    (re.compile(r"เมื่อ\s*(?:วัน\S{0,12}?)?\s*(?:ที่)?\s*$"), 3),
    (re.compile(rf"วัน(?:{WEEKDAYS})\s*(?:ที่|,)?\s*$"), 2),
    (re.compile(r"(?:ระหว่าง|ตั้งแต่)\s*วันที่\s*$"), 2),
    (re.compile(r"วันที่\s*$"), 1),
)
_REFERENCE_CUES = re.compile(
    r"(?:ภายใน|ถึง|จนถึง|ก่อน|กำหนด|ส่ง\S{0,10}|หมดเขต|ครบกำหนด|ตาม\S{0,20}ลงวันที่|ลงวันที่|เกิด|ตั้งแต่ปี)\s*(?:วันที่)?\s*$"
)
_DATELINE_OPENING = re.compile(rf"(?:วันนี้|เมื่อ|วัน|{WEEKDAYS}|ที่|,|\(|\s)+")
_TIME_AFTER = re.compile(r"^\s*\)?\s*(?:เวลา|\d{1,2}[.:]\d{2}\s*น)")


def _is_reference(text: str, m: re.Match) -> bool:
    return bool(_REFERENCE_CUES.search(text[max(0, m.start() - 40):m.start()]))


def _cue_score(text: str, m: re.Match) -> int:
    """How much the words around a date say it is the event's date (deadlines and references are
    excluded by _is_reference, not scored)."""
    before = text[max(0, m.start() - 40):m.start()]
    line_start = text.rfind("\n", 0, m.start()) + 1
    prefix = text[line_start:m.start()]
    score = 0
    for cue, points in _EVENT_CUES:
        if cue.search(before):
            score += points
            break
    if not _DATELINE_OPENING.sub("", prefix):
        score += 2  # starts its line: a dateline
    if _TIME_AFTER.search(text[m.end():m.end() + 20]):
        score += 2
    return score


def find_dates(text: str, *, today: dt.date | None = None, reference: dt.date | None = None) -> list[DateMention]:
    """Every date mentioned in a text, scored for how likely it is the event's date."""
    text = thai_digits_to_arabic(text)
    mentions: list[DateMention] = []
    for m in THAI_DATE_RE.finditer(text):
        month = m["month1"] or m["month"]
        score = _cue_score(text, m)
        date = error = None
        try:
            date = make_date(_year_to_ce(m["year"], m["era"]), _month_number(month), int(m["day"]),
                             today=today, raw=m.group(0))
        except ThaiDateError as exc:
            error = str(exc)
        mentions.append(DateMention(m.start(), m.end(), m.group(0), date, error, score, True, _is_reference(text, m)))
    lowered = text.lower()
    # most Thai pages have no English month at all: a substring test spares the regex scan
    for m in EN_DATE_RE.finditer(text) if any(map(lowered.__contains__, _EN_MONTH_OPENINGS)) and has_latin(text) else ():
        date = error = None
        try:
            date = _en_match_to_date(m, today=today)
        except ThaiDateError as exc:
            error = str(exc)
        mentions.append(DateMention(m.start(), m.end(), m.group(0), date, error, -3, False))
    for m in NUMERIC_DATE_RE.finditer(text):
        date = error = None
        try:
            date = make_date(_year_to_ce(m["y"]), int(m["m"]), int(m["d"]), today=today, raw=m.group(0))
        except ThaiDateError as exc:
            error = str(exc)
        mentions.append(DateMention(m.start(), m.end(), m.group(0), date, error, _cue_score(text, m), True,
                                    _is_reference(text, m)))
    mentions += _yearless_mentions(text, mentions, today=today, reference=reference)
    mentions += _relative_mentions(text, mentions, today=today, reference=reference)
    return sorted(mentions, key=lambda mention: mention.start)


def _yearless_mentions(text: str, dated: list[DateMention], *, today: dt.date | None,
                       reference: dt.date | None = None) -> list[DateMention]:
    """Day-and-month mentions without a year, dated in the year that puts them on or before the
    latest full date of the page (its publication date): news reports what has happened. They
    rank one point below a full date with the same cues, and count only when the page has a date or
    the text names a year (context_year)."""
    # The page's own publication date (HTML metadata) is the best reference; else the latest full date;
    # else a year written elsewhere in the text (a programme's year, a fiscal year).
    reference = reference or max((m.date for m in dated if m.date), default=None)
    fiscal = context = False
    if reference is None:
        context = True
        year, fiscal = context_year(text, today=today)
        if year is None:
            return []
        reference = dt.date(year, 12, 31)
    taken = [(m.start, m.end) for m in dated]
    out = []
    for m in YEARLESS_DATE_RE.finditer(text):
        if any(start < m.end() and m.start() < end for start, end in taken):
            continue
        month, day = _month_number(m["month"]), int(m["day"])
        year = reference.year if (month, day) <= (reference.month, reference.day) else reference.year - 1
        if (not context and year < reference.year and _THIS.match(text, m.end())
                and dt.date(reference.year, month, min(day, 28)) <= (today or dt.date.today())):
            year = reference.year  # "วันที่ 8 ธันวาคม นี้": this year's, even after the page's date
        if fiscal and month >= FISCAL_START:
            year -= 1  # ปีงบประมาณ 2565 runs from 1 October 2564
        if context and dt.date(year, month, min(day, 28)) > (today or dt.date.today()):
            year -= 1  # a year read from the context never puts the news in the future
        try:
            date, error = make_date(year, month, day, today=today, raw=m.group(0)), None
        except ThaiDateError as exc:
            date, error = None, str(exc)
        score = _cue_score(text, m) - 1
        guess = (f"ปีของวันที่ \"{m.group(0)}\" อ่านจากปีอื่นในข่าว / the year of \"{m.group(0)}\" was taken "
                 f"from another year in the text") if context else None
        out.append(DateMention(m.start(), m.end(), m.group(0), date, error, score, True, _is_reference(text, m),
                               guess))
    return out


# "เมื่อวันที่ 5 ที่ผ่านมา" (a day of this month or the last), "เมื่อวานนี้" (the day before the page's date).
DAY_ONLY_RE = re.compile(rf"(?:เมื่อ|วันนี้\s*\()\s*(?:วัน(?:{WEEKDAYS})?\s*)?ที่\s*(?P<day>\d{{1,2}})(?!\d)"
                         rf"(?=\s*(?:ที่ผ่านมา|\)|เวลา|,|\s+(?!{_THAI_MONTH_RE}|{_EN_MONTH_RE}|\d|เดือน)))")
YESTERDAY_RE = re.compile(r"เมื่อวาน(?:นี้)?|เมื่อวันวาน")


def _relative_mentions(text: str, dated: list[DateMention], *, today: dt.date | None,
                       reference: dt.date | None) -> list[DateMention]:
    """Days given relative to the page's date: a day of the month without a month ("เมื่อวันที่ 5
    ที่ผ่านมา": the last 5th on or before the reference) and "เมื่อวานนี้" (the day before the page's
    own date). They rank below every date written with its month."""
    published = reference
    reference = reference or max((m.date for m in dated if m.date), default=None)
    if reference is None:
        return []
    taken = [(m.start, m.end) for m in dated]
    out = []
    for m in DAY_ONLY_RE.finditer(text):
        if any(start < m.end() and m.start() < end for start, end in taken):
            continue
        day = int(m["day"])
        year, month = reference.year, reference.month
        if day > reference.day:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        try:
            date, error = make_date(year, month, day, today=today, raw=m.group(0)), None
        except ThaiDateError as exc:
            date, error = None, str(exc)
        out.append(DateMention(m.start(), m.end(), m.group(0), date, error, _cue_score(text, m) - 3, True,
                               _is_reference(text, m), f"วันที่นับจากวันที่ของหน้า: \"{m.group(0)}\" / a day "
                               f"counted from the page's date: \"{m.group(0)}\""))
    for m in YESTERDAY_RE.finditer(text) if published else ():
        date = published - dt.timedelta(days=1)
        out.append(DateMention(m.start(), m.end(), m.group(0), date, None, -1, True, False,
                               "\"เมื่อวานนี้\" นับจากวันที่เผยแพร่ / \"yesterday\" counted from the post's date"))
    return out


_THIS = re.compile(r"\s*นี้")
FISCAL_START = 10  # the Thai government's fiscal year starts on 1 October of the year before its number
# A year standing alone: "ประจำปี 2568", "ปีงบประมาณ พ.ศ. ๒๕๖๕", "OTOP ภูมิภาค 2568", "ค.ศ. 2024".
_YEAR_RE = re.compile(r"(?P<year>2(?<![\d,/:-]2)(?<!\d\.2)(?:5\d\d|0\d\d))(?![\d,]|\s*(?:บาท|คน|ราย|แห่ง|ครัวเรือน|หมู่บ้าน|กลุ่ม))")


_FISCAL_CUE = re.compile(r"งบประมาณ\s*(?:พ\.\s?ศ\.)?\s*$")


def context_year(text: str, *, today: dt.date | None = None) -> tuple[int | None, bool]:
    """The year a text's day-and-month dates belong to when none of them has one: the latest year the
    text names that is not in the future (CE), and whether it is a fiscal year (ปีงบประมาณ).
    Founding years and references ("ตั้งแต่ปี 2540") are older, so the latest year wins."""
    today = today or dt.date.today()
    best: tuple[int, bool] | None = None
    text = thai_digits_to_arabic(text)
    for m in _YEAR_RE.finditer(text):
        year = int(m["year"])
        year = year - BE_OFFSET if year >= 2400 else year
        fiscal = bool(_FISCAL_CUE.search(text, max(0, m.start() - 30), m.start()))
        # a fiscal year may be one ahead of the calendar (October to December)
        if be_year(year) < MIN_BE_YEAR or year > today.year + (1 if fiscal else 0):
            continue
        if best is None or (year, fiscal) > best:
            best = (year, fiscal)
    return best if best else (None, False)


def find_event_date(text: str, *, body_start: int = 0, today: dt.date | None = None,
                    published: dt.date | None = None) -> dt.date | None:
    """The date the reported event happened, or None when the text gives no day.

    Dates before ``body_start`` (a page's date line, crawl dates above the headline) are the post's
    date, never the event's: the caller takes them as the publication date (DateSource: published).
    English-language dates are page dates of news portals: a last resort.
    Deadlines and references ("ลงวันที่ ...", "ภายในวันที่ ...") never count. ``published``, the
    page's own date when known, gives the year to a day written without one ("12 ต.ค.").
    Raises ThaiDateError when the best reading is impossible, in the future or before 2500 BE.
    """
    best = event_date_mention(text, body_start=body_start, today=today, published=published)
    return best.date if best else None


def event_date_mention(text: str, *, body_start: int = 0, today: dt.date | None = None,
                       published: dt.date | None = None) -> DateMention | None:
    """find_event_date's choice with what was read: its text, and ``guess`` (Thai / English) when the
    year or the day was completed from elsewhere, so the article can wait for a check."""
    mentions = [m for m in find_dates(text, today=today, reference=published)
                if not m.reference and m.start >= body_start]
    if not mentions:
        return None  # no date, or only deadlines, references and the page's own date: no event day
    best = max(mentions, key=lambda mention: (mention.score, -mention.start))
    if best.date is None:
        raise ThaiDateError(best.error)
    return best
