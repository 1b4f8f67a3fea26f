"""Named officials in a press release: an honorific, a name, then a position.

Villagers and reporters are named too, but without a government position after the name, so the
position is what makes a person an official here ("นายสมคิด จันทมฤก อธิบดีกรมการพัฒนาชุมชน").
"""
from __future__ import annotations

import re

from .tokenize import normalize_text

HONORIFICS = r"(?:นางสาว|นาง|นาย|ดร\.|ว่าที่\s?ร(?:้อย)?\.?\s?ต(?:รี)?\.?|พ\.ต\.อ\.|พ\.ต\.ท\.|พล\.ต\.ต\.|ผศ\.|รศ\.)"
POSITIONS = (
    r"(?:รองอธิบดี|อธิบดี|ผู้ตรวจราชการ|ผู้อำนวยการ|ผอ\.|พัฒนาการ|หัวหน้า|นักวิชาการ|นักพัฒนา|เจ้าพนักงาน"
    r"|รองผู้ว่าราชการ|ผู้ว่าราชการ|รองผวจ|ผวจ|รองปลัด|ปลัด|นายอำเภอ|ประธานคณะกรรมการ|ผู้เคยดำรงตำแหน่ง"
    r"|รัฐมนตรี|ที่ปรึกษา|เลขานุการ|ผู้ช่วย|ผู้แทน|ข้าราชการ|เจ้าหน้าที่|อดีต)"
)
# An honorific starts a word, or follows a conjunction written without a space ("และนาง...").
_HONORIFIC_START = r"(?:(?<![ก-๙])|(?<=และ)|(?<=พร้อมด้วย)|(?<=โดยมี)|(?<=ให้)|(?<=กับ)|(?<=แก่))"
PERSON_RE = re.compile(
    rf"{_HONORIFIC_START}(?P<title>{HONORIFICS})(?P<name>[ก-๙]{{2,}}(?:\s[ก-๙]+?){{1,3}}?)\s?(?={POSITIONS})"
)
# Words that begin like an honorific but are not one (นายอำเภอ, นายกเทศมนตรี, นางพยาบาล).
_NOT_A_NAME = r"(?:อำเภอ|ก(?:เทศ|องค์|รัฐ|สมาคม|อบ)|ทุน|จ้าง|หน้า|ช่าง|ทหาร|งาม|พยาบาล|ฟ้า|แบบ|รำ)"
# Anyone named with an honorific, official or not: first name and, when it follows, the surname.
ANY_NAME_RE = re.compile(rf"{_HONORIFIC_START}{HONORIFICS}(?!{_NOT_A_NAME})\s?[ก-๙]{{2,}}(?:\s[ก-๙]{{2,}})?")


def extract_people(text: str) -> list[str]:
    """Officials named in the text, as written ("นายนิเวศน์ หาญสมุทร์"), first mention first."""
    text = normalize_text(text)
    people: list[str] = []
    seen: set[str] = set()
    for m in PERSON_RE.finditer(text):
        name = f"{m['title']}{m['name'].strip()}"
        key = name.replace(" ", "")
        if key not in seen:
            seen.add(key)
            people.append(name)
    return people
