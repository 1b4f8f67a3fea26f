"""The front-matter validation (cdd_thai.validation) and scripts/validate.py, on real Thai headers."""
from pathlib import Path

import pytest
from cdd_thai import validation

from scripts import validate

GOOD = """Title: พช.ขก.เพิ่มศักยภาพบุคลากรเพิ่มประสิทธิภาพการขับเคลื่อนนโยบายกรมการพัฒนาชุมชน
Date: 2020-10-30
Provinces: ขอนแก่น
Missions: organization, khok-nong-na, poverty
Tags: โคก หนอง นา, พัฒนาศักยภาพบุคลากร
People: นางจิรภา เชื้อดวงผุย
Source: 002_46e72196f3e49e24.txt
Summary: เมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น.
Slug: 2020-10-30-khon-kaen-46e72196
Lang: th

เมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น. ณ ห้องประชุมโรงแรมสวนเจ็ดพี่น้อง
"""


def with_line(field, value):
    """GOOD with one header field replaced (or removed when value is None)."""
    lines = []
    for line in GOOD.splitlines():
        if line.startswith(f"{field}:"):
            if value is None:
                continue
            line = f"{field}: {value}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_a_normalised_article_has_no_problem():
    assert validation.check_text(GOOD, "x.md") == []


@pytest.mark.parametrize("value", ["2563-10-30", "30 ตุลาคม 2563", "30 ต.ค. 63", "๓๐ ตุลาคม ๒๕๖๓", "2020-10-30 09:00"])
def test_buddhist_and_common_era_dates_are_accepted(value):
    assert validation.check_text(with_line("Date", value), "x.md") == []


def test_unknown_province_names_file_line_and_suggests_in_thai_and_english():
    [problem] = validation.check_text(with_line("Provinces", "ขอนแกน"), "content/articles/2020/x.md")
    assert str(problem) == (
        'content/articles/2020/x.md:3: จังหวัด "ขอนแกน" ไม่มีในรายชื่อ 77 จังหวัด + ส่วนกลาง — '
        'หมายถึง "ขอนแก่น" หรือไม่? / Unknown province "ขอนแกน" — did you mean "ขอนแก่น"?')


def test_central_office_and_aliases_are_provinces():
    assert validation.check_text(with_line("Provinces", "ส่วนกลาง, กรุงเทพมหานคร, นครราชสีมา"), "x.md") == []


@pytest.mark.parametrize("value,line_text", [
    ("2563-02-30", "วันที่ไม่มีอยู่จริง"),
    ("2599-01-01", "อนาคต"),
    ("เมื่อวาน", "อ่านวันที่ไม่ได้"),
])
def test_impossible_future_or_unreadable_dates_are_errors_on_their_line(value, line_text):
    [problem] = validation.check_text(with_line("Date", value), "x.md")
    assert problem.line == 2 and line_text in problem.th and problem.en and problem.severity == "error"


def test_unknown_mission_suggests_the_slug_also_for_a_thai_name():
    problems = validation.check_text(with_line("Missions", "povrety, โคก หนอง นา"), "x.md")
    assert [p.line for p in problems] == [4, 4]
    assert '"poverty"' in problems[0].th and "did you mean \"poverty\"" in problems[0].en
    assert '"khok-nong-na"' in problems[1].en


def test_missions_may_be_left_out_or_empty():
    """TAXONOMY: when no mission fits, leave Missions empty rather than invent one."""
    assert validation.check_text(with_line("Missions", None), "x.md") == []
    assert validation.check_text(with_line("Missions", ""), "x.md") == []


@pytest.mark.parametrize("field", ["Title", "Date", "Provinces"])
def test_required_fields(field):
    [missing] = validation.check_text(with_line(field, None), "x.md")
    assert f"ไม่มีช่อง {field}" in missing.th and f"Missing field {field}" in missing.en
    [empty] = validation.check_text(with_line(field, ""), "x.md")
    assert "ว่าง" in empty.th and "is empty" in empty.en


def test_slug_must_be_ascii():
    [problem] = validation.check_text(with_line("Slug", "ข่าว-ขอนแก่น"), "x.md")
    assert problem.line == 9 and "ASCII" in problem.en


def test_a_header_without_the_blank_line_is_reported_where_it_breaks():
    text = GOOD.replace("Lang: th\n\n", "Lang: th\n")
    [problem] = validation.check_text(text, "x.md")
    assert problem.line == 11 and "Key: value" in problem.en


def test_no_header_at_all():
    problems = validation.check_text("ข่าวที่ไม่มีส่วนหัว\n\nเนื้อข่าว", "x.md")
    assert [(p.line, "No header" in p.en) for p in problems] == [(1, True)]


def test_a_misspelt_field_name_is_a_warning_next_to_the_missing_field_error():
    problems = validation.check_text(GOOD.replace("Provinces:", "Provice:"), "x.md")
    assert {(p.severity, p.line) for p in problems} == {("error", 11), ("warning", 3)}
    assert "did you mean Provinces?" in next(p.en for p in problems if p.severity == "warning")


def test_pages_only_need_a_title(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "about.md").write_text("Title: เกี่ยวกับเรา\n\nเนื้อหา\n", encoding="utf-8")
    assert validation.check_files([tmp_path]) == []


def test_duplicate_slugs_across_the_folder(tmp_path):
    for year in ("2020", "2021"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "a.md").write_text(GOOD, encoding="utf-8")
    [problem] = validation.check_files([tmp_path], display=lambda p: p.relative_to(tmp_path).as_posix())
    assert str(problem).startswith("2021/a.md:9: Slug \"2020-10-30-khon-kaen-46e72196\" ซ้ำกับ 2020/a.md:9")


def test_script_exit_status_and_messages(tmp_path, capsys):
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    assert validate.main([str(good)]) == 0
    bad = tmp_path / "bad.md"
    bad.write_text(with_line("Provinces", "ขอนแกน").replace(GOOD.split("Slug: ")[1].split()[0], "other"),
                   encoding="utf-8")
    assert validate.main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert 'bad.md:3: จังหวัด "ขอนแกน"' in err and "1 error(s) in 1 file(s)" in err


def test_content_folder_validates():
    """The embedded archive (content/ from the seeds) has no error."""
    content = Path(__file__).resolve().parent.parent / "content"
    # content/ ships with the five seeds: an emptied archive is a failure, not a skipped test
    assert len(list((content / "articles").rglob("*.md"))) >= 5, "content/articles lost the embedded seeds"
    assert [str(p) for p in validation.errors(validation.check_files([content]))] == []


# --- fields that make Pelican act, invisible characters, raw HTML, references, unreadable files ---

@pytest.mark.parametrize("line", ["Template: x", "Save_as: ../../x.html", "URL: javascript:alert(1)", "Url: x/",
                                  "Lang_save_as: x.html", "Article_url: x", "Override_url: x", "Timezone: Mars/Base",
                                  "Date_format: %Y", "Translation: true", "Province_list: x", "Get_content: x"])
def test_fields_that_make_pelican_act_are_refused(line):
    problems = validation.check_text(GOOD.replace("Lang: th", f"Lang: th\n{line}"), "x.md")
    [problem] = problems
    name = line.split(":")[0]
    assert (problem.line, problem.severity) == (11, "error")
    assert f"ไม่อนุญาตช่อง {name}" in problem.th and f"Field {name} is not allowed" in problem.en
    # a setting may allow them (CDD_VALIDATE["allow_fields"])
    assert validation.check_text(GOOD.replace("Lang: th", f"Lang: th\n{line}"), "x.md",
                                 allow_fields=[name.upper()]) == []


@pytest.mark.parametrize("status,ok", [("published", True), ("draft", True), ("hidden", True), ("skip", False),
                                       ("Published", False), ("", True)])
def test_status_is_published_draft_or_hidden(status, ok):
    problems = validation.check_text(GOOD.replace("Lang: th", f"Lang: th\nStatus: {status}"), "x.md")
    assert (problems == []) == ok
    if not ok:
        assert "Unknown status" in problems[0].en and problems[0].line == 11


@pytest.mark.parametrize("char,name", [("\u200b", "U+200B ZERO WIDTH SPACE"), ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
                                       ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"), ("\x07", "U+0007"),
                                       ("\x85", "U+0085"), ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE")])
def test_invisible_and_control_characters_in_a_field_are_refused_by_name_and_position(char, name):
    [problem] = validation.check_text(with_line("Title", f"พช.ขก.{char}ประชุม"), "x.md")
    assert problem.line == 1 and problem.severity == "error"
    assert name in problem.en and "position 7" in problem.en and "ช่อง Title" in problem.th


def test_a_tab_in_a_field_is_not_a_control_character():
    assert validation.check_text(with_line("People", "นางจิรภา\tเชื้อดวงผุย"), "x.md") == []


@pytest.mark.parametrize("value,ok", [("text", True), ("published", True), ("scraped", False)])
def test_date_source(value, ok):
    problems = validation.check_text(GOOD.replace("Date: 2020-10-30", f"Date: 2020-10-30\nDateSource: {value}"), "x.md")
    assert (problems == []) == ok


def with_published(value, date_source=""):
    """GOOD with a Published line (line 3, or 4 after a DateSource line) below its Date."""
    extra = f"DateSource: {date_source}\n" if date_source else ""
    return GOOD.replace("Date: 2020-10-30\n", f"Date: 2020-10-30\n{extra}Published: {value}\n")


@pytest.mark.parametrize("value", ["2020-10-30", "2020-11-02", "2020-11-02T08:15:00"])
def test_a_publication_date_on_or_after_the_event_is_accepted(value):
    assert validation.check_text(with_published(value), "x.md") == []


@pytest.mark.parametrize("value,words", [
    ("2020-02-30", ["วันที่ไม่มีอยู่จริง", "Impossible date: 2020-02-30"]),
    ("2099-01-01", ["อนาคต", "future"]),
    ("เมื่อวาน", ["อ่านวันที่ไม่ได้", "Unreadable date"]),
    # the article page reads Published as written: a Buddhist-Era or Thai date would be lost there
    ("2563-11-02", ["ค.ศ. แบบ ปปปป-ดด-วว", "\"2563-11-02\" is 2020-11-02"]),
    ("2 พฤศจิกายน 2563", ["ค.ศ.", "\"2 พฤศจิกายน 2563\" is 2020-11-02"]),
    ("๒๐๒๐-๑๑-๐๒", ["ค.ศ.", "is 2020-11-02"]),
])
def test_a_publication_date_the_page_cannot_read_is_an_error_on_its_line(value, words):
    [problem] = validation.check_text(with_published(value), "content/articles/2020/x.md")
    assert problem.severity == "error" and str(problem).startswith("content/articles/2020/x.md:3: ช่อง Published: ")
    assert all(word in str(problem) for word in words), str(problem)


def test_a_publication_date_before_the_event_is_a_warning():
    [problem] = validation.check_text(with_published("2020-10-29"), "x.md")
    assert (problem.line, problem.severity) == (3, "warning")
    assert "Published 2020-10-29" in problem.th and "before the event date (Date 2020-10-30)" in problem.en


def test_date_source_published_wants_published_to_be_the_date():
    assert validation.check_text(with_published("2020-10-30", "published"), "x.md") == []
    [problem] = validation.check_text(with_published("2020-11-02", "published"), "x.md")
    assert (problem.line, problem.severity) == (4, "warning") and "Published (2020-11-02) is not Date" in problem.en


def test_raw_html_in_the_body_is_a_warning_naming_what_is_removed_and_the_line():
    body = ("ย่อหน้าแรก <strong>ตัวหนา</strong>\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "[คลิก](java&#x09;script:alert(1))\n\n[id]: vbscript:x\n\n```\n<script>ในโค้ด</script>\n```\n\n`<iframe>`\n")
    problems = validation.check_text(GOOD.split("\n\n")[0] + "\n\n" + body, "x.md")
    assert all(p.severity == "warning" for p in problems)
    found = [(p.line, p.en) for p in problems]
    assert found == [
        (14, "HTML: the <script> tag will be removed when the site is built (use Markdown instead)"),
        (16, "HTML: the onerror attribute of <img> will be removed when the site is built (use Markdown instead)"),
        (18, 'Link "java&#x09;script:alert(1)" will be removed: only http(s), mailto and relative links are kept'),
        (20, 'Link "vbscript:x" will be removed: only http(s), mailto and relative links are kept'),
    ]
    assert "แท็ก <script> จะถูกลบออก" in problems[0].th


def test_references_outside_the_content_folder_are_errors(tmp_path):
    content = tmp_path / "content"
    (content / "articles" / "2020").mkdir(parents=True)
    (content / "images").mkdir()
    from PIL import Image

    Image.new("RGB", (8, 8)).save(content / "images" / "a.jpg", "JPEG")  # a real photo: only the links are wrong
    (tmp_path / "secret.txt").write_text("x")
    (content / "images" / "link.jpg").symlink_to(tmp_path / "secret.txt")
    body = "\n\n".join([
        "![ภาพ]({attach}../../images/a.jpg)", "![ภาพ]({static}/images/a.jpg)", "[ข่าว]({filename}/articles/2020/y.md)",
        "[x]({attach}../../../secret.txt)", "[x]({static}/../secret.txt)", "[x]({static}//etc/passwd)",
        "[x](|filename|%2e%2e/%2e%2e/%2e%2e/secret.txt)", '<a href="{attach}&#46;&#46;/../../secret.txt">x</a>',
        "[x]({static}/images/link.jpg)", "[x]: {attach}/../secret.txt"])
    path = content / "articles" / "2020" / "x.md"
    path.write_text(GOOD.split("\n\n")[0] + "\n\n" + body + "\n", encoding="utf-8")
    problems = validation.errors(validation.check_files([content]))
    assert [p.line for p in problems] == [18, 20, 22, 24, 26, 28, 30]
    assert all("outside the content folder" in p.en and "นอกโฟลเดอร์ content" in p.th for p in problems)


def test_a_symlinked_article_pointing_outside_content_is_refused_unread(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "elsewhere.md").write_text(GOOD, encoding="utf-8")
    (content / "link.md").symlink_to(tmp_path / "elsewhere.md")
    [problem] = validation.check_files([content])
    assert problem.path.endswith("link.md") and "symlink" in problem.en and str(tmp_path / "elsewhere.md") in problem.en


@pytest.mark.parametrize("data,words", [
    (b"Title: x\n\n\x00\x01\x02", "binary"),
    ("Title: ข่าว\n\n".encode("tis-620"), "not UTF-8 (byte 0xa2 on line 1)"),
])
def test_unreadable_files_are_errors(tmp_path, data, words):
    (tmp_path / "x.md").write_bytes(data)
    [problem] = validation.check_files([tmp_path])
    assert problem.severity == "error" and words in problem.en and problem.th


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "utf-32"])
def test_utf16_and_bom_files_are_decoded(tmp_path, codec):
    (tmp_path / "x.md").write_bytes(GOOD.encode(codec))
    assert validation.check_files([tmp_path]) == []


def test_script_reports_refused_fields_with_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text(GOOD.replace("Lang: th", "Lang: th\nTemplate: x"), encoding="utf-8")
    assert validate.main([str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.md:11: ไม่อนุญาตช่อง Template" in err and "Field Template is not allowed" in err


def test_script_reads_allowed_fields_from_the_settings(tmp_path):
    bad = tmp_path / "x.md"
    bad.write_text(GOOD.replace("Lang: th", "Lang: th\nTemplate: special"), encoding="utf-8")
    settings = tmp_path / "conf.py"
    settings.write_text('CDD_VALIDATE = {"allow_fields": ["Template"]}\n', encoding="utf-8")
    assert validate.main([str(bad), "-s", str(settings)]) == 0
    assert validate.main([str(bad)]) == 1  # pelicanconf.py allows none


# --- issue 16 item 4: what a new user ran into ----------------------------------------------------

def test_a_file_saved_as_txt_is_reported_not_ignored(tmp_path, capsys):
    folder = tmp_path / "content" / "articles" / "2020"
    folder.mkdir(parents=True)
    (folder / "ข่าวใหม่.txt").write_text(GOOD, encoding="utf-8")
    (folder / "ข่าว.docx").write_bytes(b"PK\x03\x04")
    (folder / "ok.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "content" / "images").mkdir()
    (tmp_path / "content" / "images" / "a.jpg").write_bytes(b"\xff\xd8\xff")  # photos are not articles
    (folder / ".ok.md.swp").write_bytes(b"")  # an editor's own file
    problems = validation.check_files([tmp_path / "content"])
    assert [(Path(p.path).name, p.severity) for p in problems] == [("ข่าว.docx", "error"), ("ข่าวใหม่.txt", "error")]
    assert "เปลี่ยนชื่อเป็น ข่าวใหม่.md" in problems[1].th and "rename it ข่าวใหม่.md" in problems[1].en
    assert validate.main([str(tmp_path / "content")]) == 1
    assert "ข่าวใหม่.txt:1: ไฟล์ .txt ไม่ถูกอ่าน" in capsys.readouterr().err


def test_a_missing_slug_is_reported_with_the_stable_one_to_add():
    [problem] = validation.check_text(with_line("Slug", None), "x.md")
    assert problem.severity == "warning" and problem.line == 10  # the blank line under the header
    assert 'เพิ่มบรรทัด "Slug: 2020-10-30-khon-kaen-' in problem.th
    stable = validation.stable_slug(validation.parse_header(GOOD))
    assert stable.startswith("2020-10-30-khon-kaen-") and validation.SLUG_RE.fullmatch(stable)


@pytest.mark.build  # Pelican.run
def test_the_build_gives_a_slugless_article_the_stable_slug_not_one_from_the_thai_title(tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(with_line("Slug", None).replace(
        "Title: พช.ขก.เพิ่มศักยภาพบุคลากรเพิ่มประสิทธิภาพการขับเคลื่อนนโยบายกรมการพัฒนาชุมชน", "Title: ข่าวมี"),
        encoding="utf-8")
    (content / "note.txt").write_text("Title: x\n", encoding="utf-8")
    settings = read_settings(override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out"), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
        "PLUGINS": ["cdd_validate"], "ARTICLE_PATHS": [""],
        "ARTICLE_URL": "news/{slug}/", "ARTICLE_SAVE_AS": "news/{slug}/index.html", "SITEURL": "", "DEFAULT_LANG": "th",
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None})
    import logging
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger().addHandler(handler)
    try:
        Pelican(settings).run()
    finally:
        logging.getLogger().removeHandler(handler)
    stable = validation.make_slug(__import__("datetime").date(2020, 10, 30),
                                  validation.provinces.province_by_name("ขอนแก่น"), "ข่าวมี")
    assert [p.name for p in (tmp_path / "out" / "news").iterdir()] == [stable]
    assert any("note.txt" in r.getMessage() and "ไม่ถูกอ่าน" in r.getMessage() for r in records)


@pytest.mark.parametrize("header, line, words", [
    ("\tTitle: ข่าว\nDate: 2020-10-30\n", 1, ("ขึ้นต้นด้วยแท็บ", "starts with a tab")),
    ("    Title: ข่าว\n", 1, ("ขึ้นต้นด้วยช่องว่าง", "starts with spaces")),
    ("Title : ข่าว\n", 1, ('มีช่องว่างก่อนเครื่องหมาย : — เขียน "Title: ข่าว"', "A space before the colon")),
    ("Title: ข่าว\nDate : 2020-10-30\n", 2, ('เขียน "Date: 2020-10-30"', 'write "Date: 2020-10-30"')),
    ("หัวข้อ: ข่าว\n", 1, ('ชื่อช่อง "หัวข้อ" ต้องเขียนเป็นภาษาอังกฤษ: ใช้ "Title: ข่าว"', "Field names are English")),
    ("Title: ข่าว\nจังหวัด: ขอนแก่น\n", 2, ('ใช้ "Provinces: ขอนแก่น"', 'write "Provinces: ขอนแก่น"')),
    ("ชื่อผู้ส่ง: สมศรี\n", 1, ('ไม่รู้จักชื่อช่อง "ชื่อผู้ส่ง"', "field names are English, e.g. Title, Date, Provinces")),
    ("Title：ข่าว\n", 1, ("ตัวเต็มความกว้าง", "Full-width colon")),
])
def test_each_header_mistake_gets_its_own_message_naming_file_and_line(header, line, words):
    problems = validation.check_text(header + "\nเนื้อข่าว\n", "content/articles/x.md")
    first = problems[0]
    assert (first.path, first.line) == ("content/articles/x.md", line)
    assert words[0] in first.th and words[1] in first.en
    assert "ไม่พบส่วนหัวของข่าว" not in first.th  # no longer the one message for every mistake


def test_a_mistyped_field_line_is_the_one_error_not_the_fields_after_it():
    text = GOOD.replace("Date: 2020-10-30", "Date : 2020-10-30")
    [problem] = validation.check_text(text, "x.md")
    assert problem.line == 2 and "มีช่องว่างก่อนเครื่องหมาย" in problem.th


def test_a_body_line_with_a_colon_is_still_the_body():
    assert validation.check_text(GOOD.replace("\n\nเมื่อ", "\n\nหมายเหตุ: ข่าวนี้\nเมื่อ"), "x.md") == []


# --- issue 14 item 4: the photos of an officer's article ------------------------------------------

def photo_folder(tmp_path):
    from PIL import Image

    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    Image.new("RGB", (30, 20), (10, 120, 40)).save(images / "ok.jpg", "JPEG")
    Image.new("RGB", (30, 20), (10, 120, 40)).save(images / "ok.png", "PNG")
    (images / "fake.jpg").write_text("ไม่ใช่ภาพ")
    (images / "cut.jpg").write_bytes((images / "ok.jpg").read_bytes()[:200])
    (images / "vector.png").write_bytes(b"<svg><script>alert(1)</script></svg>")
    return tmp_path / "content"


def article_with(content, body, image=""):
    path = content / "articles" / "x.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    head = GOOD.split("\n\n")[0] + (f"\nImage: {image}" if image else "")
    path.write_text(head + "\n\n" + body + "\n", encoding="utf-8")
    return validation.check_files([content / "articles"], display=lambda p: p.name)


def test_photos_that_exist_are_real_and_have_alt_text_pass(tmp_path):
    content = photo_folder(tmp_path)
    body = ('![ชาวบ้านรับเงินทุน](/images/ok.jpg)\n\n<figure><img src="/images/ok.png" alt="ผ้าไทย" width="30" '
            'height="20"></figure>\n\n![ภาพจากเว็บกรม](https://www.cdd.go.th/a.jpg)\n\n```\n![](/images/none.jpg)\n```')
    assert article_with(content, body, image="/images/ok.jpg") == []


@pytest.mark.parametrize("body, image, line, words", [
    ("![ภาพ](/images/none.jpg)", "", 12, ("ไม่พบไฟล์ภาพ content/images/none.jpg", "Photo file not found")),
    ("ข้อความ\n\n![ภาพ](/images/fake.jpg)", "", 14, ("ไม่ใช่ภาพ JPEG, PNG หรือ WebP", "not a JPEG, PNG or WebP")),
    ('<img src="/images/cut.jpg" alt="ภาพ">', "", 12, ("ไฟล์ภาพเสียหรือไม่ครบ", "broken or truncated")),
    ("![ภาพ](/images/vector.png)", "", 12, ("SVG", "SVG is never published")),
    ("![](/images/ok.jpg)", "", 12, ("ไม่มีคำบรรยายภาพ (alt)", "has no alt text")),
    ('<img src="/images/ok.jpg">', "", 12, ("ไม่มีคำบรรยายภาพ (alt)", "has no alt text")),
    ("![ภาพ](ok.jpg)", "", 12, ("ต้องขึ้นต้นด้วย /images/", "must be given as /images/NAME")),
    ("![ภาพ](/images/../../etc/passwd)", "", 12, ("นอกโฟลเดอร์ content", "outside the content folder")),
    ("ข้อความ", "/images/none.png", 11, ("ไม่พบไฟล์ภาพ content/images/none.png", "Photo file not found")),
])
def test_a_bad_photo_is_an_error_naming_file_line_and_reason(tmp_path, body, image, line, words):
    problems = validation.errors(article_with(photo_folder(tmp_path), body, image))
    assert [(p.path, p.line) for p in problems] == [("x.md", line)]
    assert words[0] in problems[0].th and words[1] in problems[0].en


def test_a_photo_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from cdd_images import check

    content = photo_folder(tmp_path)
    monkeypatch.setattr(check, "MAX_BYTES", 300)
    [problem] = article_with(content, "![ภาพ](/images/ok.jpg)")
    assert "ใหญ่เกิน" in problem.th and "over" in problem.en
