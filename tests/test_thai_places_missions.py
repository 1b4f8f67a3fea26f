"""Provinces (77 + ส่วนกลาง, short forms, districts, traps) and missions (taxonomy and its traps)."""
import pytest

from cdd_thai import missions, provinces
from cdd_thai.provinces import find_event_provinces, province_by_name, suggest_province


def test_the_77_and_central():
    assert len(provinces.PROVINCES) == 77 and len(provinces.ALL) == 78
    assert len({p.slug for p in provinces.ALL}) == 78
    assert province_by_name("ขอนแก่น").slug == "khon-kaen"
    assert province_by_name("กรุงเทพมหานคร").slug == "bangkok"
    assert province_by_name("ส่วนกลาง").slug == "central"


@pytest.mark.parametrize("written, official", [
    ("จ.สงขลา", "สงขลา"), ("จังหวัดเพชรบูรณ์", "เพชรบูรณ์"), ("โคราช", "นครราชสีมา"), ("กทม.", "กรุงเทพมหานคร"),
    ("อุดร", "อุดรธานี"),
])
def test_province_by_name(written, official):
    assert province_by_name(written).name_th == official


def test_suggest_for_typos():
    assert suggest_province("ขอนแกน")[0] == "ขอนแก่น"
    assert suggest_province("ร้อยอ็ด")[0] == "ร้อยเอ็ด"


@pytest.mark.parametrize("title, body, expected", [
    ("พช.ขก.เพิ่มศักยภาพบุคลากร", "ณ ห้องประชุม ต.เขื่อนอุบลรัตน์ อ.อุบลรัตน์ จ.ขอนแก่น", ["ขอนแก่น"]),
    # district office: the province is never named
    ("พช.ภูเวียง ลงพื้นที่สำรวจ", "นางธัญสินี แก้วศิริ พัฒนาการอำเภอภูเวียง ลงพื้นที่", ["ขอนแก่น"]),
    # "พช." is the department, not เพชรบูรณ์ (whose official abbreviation is พช)
    ("ผนึกกำลัง พช. ใต้อ่าวไทย", "ณ โรงแรมหาดใหญ่พาราไดส อ.หาดใหญ่ จ.สงขลา ในเขตตรวจราชการ (จ.สงขลา จ.ชุมพร "
     "จ.สุราษฎร์ธานี จ.พัทลุง และ จ.นครศรีธรรมราช)", ["สงขลา"]),
    # "แพร่" inside "เผยแพร่" is not Phrae
    ("เผยแพร่ข่าว", "สำนักงานพัฒนาชุมชนจังหวัดลำปาง เผยแพร่ผลงาน ณ ศาลากลางจังหวัดลำปาง", ["ลำปาง"]),
    ("อธิบดี ประชุม", "ณ ห้อง War Room ชั้น 5 กรมการพัฒนาชุมชน ไปยังสำนักงานพัฒนาชุมชนจังหวัด 76 จังหวัด", ["ส่วนกลาง"]),
    # the department has no Bangkok office: its own fair in a Bangkok mall is a central-office event
    ("กรมการพัฒนาชุมชน จัดงานมหกรรมผ้าไทย", "ณ ศูนย์การค้าเซ็นทรัลเวิลด์ เขตปทุมวัน กรุงเทพมหานคร นายชาตรี "
     "รองอธิบดีกรมการพัฒนาชุมชน เป็นประธาน", ["ส่วนกลาง"]),
    # the office's own short form; the visitors' province is where they come from, not the venue
    ("สพจ.ชม. ต้อนรับคณะศึกษาดูงานจาก พช.ลำพูน", "ณ ศูนย์เรียนรู้ อำเภอแม่ริม จังหวัดเชียงใหม่ คณะศึกษาดูงานจาก"
     "จังหวัดลำพูน", ["เชียงใหม่"]),
    # Bangkok has เขต, not อำเภอ: อำเภอจอมทอง is in Chiang Mai
    ("พช.จอมทอง ลงพื้นที่", "ณ บ้านแม่กลาง อำเภอจอมทอง ติดตามกลุ่มอาชีพ", ["เชียงใหม่"]),
])
def test_find_event_provinces(title, body, expected):
    assert find_event_provinces(title, body) == expected


def test_acting_for_another_province_is_not_the_venue():
    body = ("นางนวลจันทร์ ศรีมงคล รักษาราชการแทนพัฒนาการจังหวัดร้อยเอ็ด นายทวีสันต์ สุขเจริญ "
            "รักษาราชการแทนพัฒนาการจังหวัดกาฬสินธุ์ ลงพื้นที่ บ้านบะตากา อ.โพนทอง")
    assert find_event_provinces("ลงพื้นที่ จังหวัดร้อยอ็ด", body)[0] == "ร้อยเอ็ด"


def test_taxonomy_has_the_eleven_missions():
    assert [m.slug for m in missions.MISSIONS] == [
        "poverty", "sufficiency-village", "khok-nong-na", "otop", "thai-textiles", "livelihood",
        "community-finance", "women", "community-data", "leaders-networks", "organization"]
    assert all(m.name_th and m.description for m in missions.MISSIONS)


def test_mission_traps():
    # กข.คจ. is a revolving fund: community finance first, not poverty by its name alone
    assert missions.classify_missions("ตรวจสุขภาพกองทุน กข.คจ.", "โครงการแก้ไขปัญหาความยากจน (กข.คจ.) "
                                      "กองทุน กข.คจ. หมู่บ้าน")[0] == "community-finance"
    # a group whose name contains OTOP is not OTOP work
    assert "otop" not in missions.classify_missions("มอบลายผ้าพระราชทาน", "กลุ่มทอผ้า บาติก กลุ่มโอทอปพารวย ผ้ามัดหมี่")
    # one passing mention is not a mission; nothing clear gives nothing
    assert missions.classify_missions("ประชุมประจำเดือน", "ประชุมประจำเดือน เพื่อขจัดความยากจน") == ["organization"]
    assert missions.classify_missions("ข่าวทั่วไป", "วันนี้อากาศดี") == []
    # the format of the news (a meeting room, indicators, a workshop) is not the organisation mission
    assert missions.classify_missions(
        "พช.น่าน ประชุมเชิงปฏิบัติการขับเคลื่อนโคก หนอง นา",
        "ณ ห้องประชุมศาลากลาง ประชุมเชิงปฏิบัติการ ตัวชี้วัด ศูนย์เรียนรู้ทฤษฎีใหม่ โคก หนอง นา") == ["khok-nong-na"]
    # a ceremony of the department is organisational, whatever gifts or awards it has
    assert missions.classify_missions("พช.สุรินทร์ จัดงานมุทิตาจิตผู้เกษียณอายุราชการ",
                                      "มอบผ้าไหมมัดหมี่ ผ้าไหม ทอผ้า แก่ผู้เกษียณอายุราชการ") == ["organization"]
    # wearing Thai cloth to a ceremony is not the textiles mission
    assert "thai-textiles" not in missions.classify_missions(
        "มอบเงินกองทุนพัฒนาบทบาทสตรี", "ผู้เข้าร่วมแต่งกายด้วยผ้าไทย กองทุนพัฒนาบทบาทสตรี สมาชิกกองทุนพัฒนาบทบาทสตรี")


def test_broken_taxonomy_names_its_file(tmp_path):
    bad = tmp_path / "missions.toml"
    bad.write_text("[[mission]]\nslug = 'x'\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="missions.toml"):
        missions.load_missions(bad)


def test_one_programme_named_once_is_the_subject_of_a_short_text():
    # a page opening names its programme once: that is its mission (weak words alone are not)
    assert missions.classify_missions("ตรวจเยี่ยมพื้นที่ อำเภอหนองจิก", "ตรวจเยี่ยมกลุ่มอาชีพแปรรูปมะพร้าว") == ["livelihood"]
    assert missions.classify_missions("ลงพื้นที่", "สร้างรายได้ให้ครัวเรือน") == []
    # a meeting or briefing that lists programmes once each stays organisational (TAXONOMY's fallback)
    assert missions.classify_missions("อธิบดีมอบนโยบาย", "ประชุมมอบนโยบาย ให้ความสำคัญกับการขจัดความยากจน") == [
        "organization"]


@pytest.mark.parametrize("title, body, primary", [
    # the mission's own name and its savings work, in words other than the group's name
    ("รองผู้ว่าฯ เปิดมหกรรมการออม 51 ปีทุนชุมชน", "การออมเป็นส่วนสำคัญ", "community-finance"),
    # community tourism programmes of OTOP (D-HOPE, creative tourism)
    ("พัฒนาการจังหวัดเปิดโครงการ", "ส่งเสริมการท่องเที่ยวเชิงสร้างสรรค์ กิจกรรม D-Hope", "otop"),
    # community organisation councils and change leaders
    ("คัดเลือก ศอช.ต. ดีเด่น", "ศูนย์ประสานงานองค์การชุมชนระดับตำบล ผู้นำการเปลี่ยนแปลง", "leaders-networks"),
])
def test_taxonomy_vocabulary(title, body, primary):
    assert missions.classify_missions(title, body)[0] == primary


@pytest.mark.parametrize("title, body", [
    # a department press conference with a Bangkok dateline and no venue province
    ("รองอธิบดีกรมการพัฒนาชุมชน แถลงข่าวการจัดงานวันพัฒนาชุมชน", "กรุงเทพฯ – นายวรงค์ รองอธิบดีกรมการพัฒนาชุมชน แถลงข่าว"),
    # a video conference to the provinces
    ("ประชุมชี้แจงแนวทาง", "ผ่านระบบ VDO Conference ไปยังสำนักงานพัฒนาชุมชนทุกจังหวัด อธิบดีกรมการพัฒนาชุมชน เป็นประธาน"),
])
def test_department_level_news_naming_no_province_is_central(title, body):
    assert find_event_provinces(title, body) == ["ส่วนกลาง"]


def test_no_place_and_no_department_level_is_no_province():
    # the department named in a services page is not an event of the central office
    assert find_event_provinces("การจัดเก็บข้อมูล จปฐ.", "กรมการพัฒนาชุมชนได้น้อมนำศาสตร์พระราชา นายอภิชาตกล่าว") == []


@pytest.mark.parametrize("title, body, expected", [
    # an official of one province speaking or opening an event held in another: the venue wins
    ("รองผู้ว่าราชการจังหวัดสตูลเปิดงาน “วิถีถิ่น OTOP เสน่ห์อันดามัน”",
     "วันนี้ (14 พ.ย.) ณ ศูนย์การค้าเซ็นทรัล หาดใหญ่ อ.หาดใหญ่ จ.สงขลา นายสมชาย ใจดี รองผู้ว่าราชการจังหวัดสตูล "
     "เป็นประธานเปิดงาน พัฒนาการจังหวัดสตูล กล่าวรายงาน", ["สงขลา"]),
    ("ผู้ว่าราชการจังหวัดลำพูน บรรยายพิเศษ",
     "ณ หอประชุม อำเภอเมืองลำปาง จังหวัดลำปาง นายสมชาย ผู้ว่าราชการจังหวัดลำพูน บรรยายพิเศษแก่ผู้นำชุมชน", ["ลำปาง"]),
    ("นายสมชาย พัฒนาการจังหวัดน่าน เป็นวิทยากร",
     "ณ ศูนย์ศึกษาและพัฒนาชุมชนลำปาง นายสมชาย พัฒนาการจังหวัดน่าน เป็นวิทยากรบรรยาย", ["ลำปาง"]),
])
def test_venue_over_the_speakers_province(title, body, expected):
    assert find_event_provinces(title, body) == expected


def test_missions_on_thin_evidence_say_so():
    slugs, guess = missions.classify_missions_detail("ตรวจเยี่ยมพื้นที่", "ตรวจเยี่ยมกลุ่มอาชีพแปรรูปมะพร้าว")
    assert slugs == ["livelihood"] and "single keyword" in guess
    slugs, guess = missions.classify_missions_detail("พช.น่าน ขับเคลื่อนโคก หนอง นา", "โคก หนอง นา ทฤษฎีใหม่ แปลงต้นแบบ")
    assert slugs == ["khok-nong-na"] and guess is None


def test_one_resolution_of_the_province_and_mission_fields():
    unknown = []
    found = provinces.resolve_provinces("โคราช, จ.ขอนแก่น, นครราชสีมา, ขอนแกน", unknown.append)
    assert [p.slug for p in found] == ["nakhon-ratchasima", "khon-kaen"] and unknown == ["ขอนแกน"]
    assert provinces.resolve_provinces(["จังหวัดสงขลา", " "]) == [province_by_name("สงขลา")]
    assert provinces.resolve_provinces(None) == []
    unknown = []
    found = missions.resolve_missions("Poverty; KHOK-NONG-NA; povrty; poverty", unknown.append)
    assert [m.slug for m in found] == ["poverty", "khok-nong-na"] and unknown == ["povrty"]
