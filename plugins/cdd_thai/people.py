"""Named officials in a press release: an honorific, a name, then a position.

Villagers and reporters are named too, but without a government position after the name, so the
position is what makes a person an official here ("นายสมคิด จันทมฤก อธิบดีกรมการพัฒนาชุมชน").
Official-style texts also put the position first and the name after it, often in brackets
("ผู้ว่าราชการจังหวัดชัยนาท (นายไพฑูรย์ สมบัติทอง) เป็นประธาน").
"""
from __future__ import annotations

import re

from .text import compile_at_openings
from .tokenize import normalize_text

# Ranks and titles that stand before (or instead of) นาย/นาง/นางสาว, and can be stacked
# ("ว่าที่ ร.ต.ดร.", "ผศ.ดร.", "พันตำรวจเอก", "พ.อ.อ.", "จ่าเอก", "นายแพทย์").
_RANK_WORD = (r"(?:(?:พล|พันจ่า|พัน|ร้อย|นาวา|เรือ|จ่าสิบ|จ่า|สิบ)(?:ตำรวจ|อากาศ|เรือ)?(?:เอก|โท|ตรี)"
              r"|จ่าสิบตำรวจ|ดาบตำรวจ)(?:หญิง)?")
# Abbreviated ranks: พ.ต.อ., พล.ต.ต., ร.ต., ร.ต.อ., จ.ส.อ., พ.จ.อ., พ.อ.อ., ส.อ., ด.ต. ... (never a month: พ.ค., ส.ค.)
_RANK_ABBR = r"(?:พล\.(?:[รอต]\.)?|พ\.(?:[จอ]\.)?|[นร]\.|จ\.(?:ส\.)?|ส\.|ด\.)(?:ต\.)?[อทต]\.(?:หญิง)?"
_PROFESSION = r"(?:นายแพทย์|แพทย์หญิง|ทันตแพทย์(?:หญิง)?|เภสัชกร(?:หญิง)?|สัตวแพทย์(?:หญิง)?)"
_PREFIX = rf"(?:{_RANK_WORD}|{_RANK_ABBR}|{_PROFESSION}|(?:ศ|รศ|ผศ)\.|ดร\.)"
# Words that begin like an honorific but are not one (นายอำเภอ, นายกเทศมนตรี, นางพยาบาล).
_NOT_A_NAME = r"(?:อำเภอ|ก(?:เทศ|องค์|รัฐ|สมาคม|อบ|เหล่า|สภา)|ทุน|จ้าง|หน้า|ช่าง|ทหาร|งาม|พยาบาล|ฟ้า|แบบ|รำ)"
_PLAIN = r"(?:นางสาว|นาง|นาย)"
HONORIFICS = rf"(?:(?:ว่าที่\s?)?(?:{_PREFIX}\s?)+{_PLAIN}?|{_PLAIN}(?!{_NOT_A_NAME}))"
# "รอง" (deputy) may stand before any of them, also with a space ("รอง ผวจ."); prosecutors and legal
# officers are officials too; "หน." is หัวหน้า abbreviated.
POSITIONS = (
    r"(?:รอง\s?)?(?:รองอธิบดี|อธิบดี|ผู้ตรวจราชการ|ผู้อำนวยการ|ผอ\.|พัฒนาการ|หัวหน้า|นักวิชาการ|นักพัฒนา|เจ้าพนักงาน"
    r"|รองผู้ว่าราชการ|ผู้ว่าราชการ|รองผวจ|ผวจ|รองปลัด|ปลัด|นายอำเภอ|ประธานคณะกรรมการ|ผู้เคยดำรงตำแหน่ง"
    r"|รัฐมนตรี|ที่ปรึกษา|เลขานุการ|ผู้ช่วย|ผู้แทน|ข้าราชการ(?!บำนาญ|ครู)|เจ้าหน้าที่|อดีต(?!ข้าราชการ)"
    r"|ผู้กำกับการ|ผู้บังคับการ|ผู้บัญชาการ|ผู้จัดการ|นายแพทย์สาธารณสุข"
    r"|(?:สาธารณสุข|เกษตร|ท้องถิ่น|พาณิชย์|ปศุสัตว์|ประมง|แรงงาน|สหกรณ์|วัฒนธรรม|ประชาสัมพันธ์|อุตสาหกรรม"
    r"|พลังงาน|สถิติ|ศึกษาธิการ)(?:จังหวัด|อำเภอ)"
    r"|อัยการ|นิติกร|หน\.)"
)
# An honorific starts a word, or follows a conjunction written without a space ("และนาง...").
_HONORIFIC_START = r"(?:(?<![ก-๙])|(?<=และ)|(?<=พร้อมด้วย)|(?<=โดยมี)|(?<=ให้)|(?<=กับ)|(?<=แก่))"
# A further word of a name never starts with a conjunction, a verb of the sentence or another honorific
# ("นางพรทิพย์ คำสุข พร้อมด้วย นายอำเภอ...", "ศรีหาวงษ์ นายประเสริฐ ...").
_NOT_NAME_WORD = r"(?:พร้อม|และ|โดย|เป็น|กล่าว|ซึ่ง|เพื่อ|จาก|ให้การ|ร่วม(?:กับ|ประชุม|เป็น|ลง)|นางสาว|นาง|นาย)"
# In running text an honorific may be glued to the word before it ("เวลานาย...", "โดยนาย...", "สารนาย..."):
# the position that must follow the name keeps this precise.
# It and ANY_NAME_RE are tried only where an honorific can open (a few letters), not at every letter.
PERSON_RE = compile_at_openings(
    rf"(?P<title>{HONORIFICS})(?P<name>[ก-๙]{{2,}}(?:\s(?!{_NOT_NAME_WORD})[ก-๙]+?){{1,3}}?)\s?(?={POSITIONS})"
)
# Position first, then the name, often in brackets: "นายอำเภอโพนพิสัย (นายธนวัฒน์ ศรีบุญเรือง)".
_HEAD_POSITIONS = (r"(?:รองผู้ว่าราชการจังหวัด|ผู้ว่าราชการจังหวัด|นายอำเภอ|พัฒนาการ(?:จังหวัด|อำเภอ)|รองอธิบดี|อธิบดี"
                   r"|ผู้ตรวจราชการ|ปลัดอำเภอ|ปลัดจังหวัด)")
POSITION_FIRST_RE = re.compile(
    rf"{_HEAD_POSITIONS}[ก-๙.]*\s?\(?\s?(?P<title>{HONORIFICS})(?P<name>[ก-๙]{{2,}}\s[ก-๙]{{2,}})"
    rf"(?=\s?\)|\s(?:พร้อม|และ|เป็น|ให้|กล่าว|ร่วม|นำ|ได้|โดย|ณ|ลงพื้นที่|มอบ|ต้อนรับ|เข้าร่วม)|\s*[,\n]|\s*$)"
)
# Anyone named with an honorific, official or not: first name and, when it follows, the surname.
ANY_NAME_RE = compile_at_openings(rf"{_HONORIFIC_START}{HONORIFICS}(?!{_NOT_A_NAME})\s?[ก-๙]{{2,}}(?:\s[ก-๙]{{2,}})?")


def extract_people(text: str) -> list[str]:
    """Officials named in the text, as written ("นายนิเวศน์ หาญสมุทร์"), first mention first.

    The same person written with two honorifics ("ดร.วิไลวรรณ ..." then "นางวิไลวรรณ ...") is one person.
    """
    text = normalize_text(text)
    found = [(m.start("title"), m) for m in PERSON_RE.finditer(text)]
    found += [(m.start("title"), m) for m in POSITION_FIRST_RE.finditer(text)]
    people: list[str] = []
    seen: set[str] = set()
    for _, m in sorted(found, key=lambda item: item[0]):
        name = f"{m['title']}{m['name'].strip()}"
        key = m["name"].replace(" ", "")
        if key not in seen:
            seen.add(key)
            people.append(name)
    return people
