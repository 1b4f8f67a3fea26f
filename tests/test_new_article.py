"""scripts/new_article.py: flags, interactive Thai prompts with suggestions, never overwriting."""
import datetime as dt

import pytest
from cdd_thai import validation

from scripts import new_article

TODAY = dt.date(2026, 11, 1)
FLAGS = ["--title", "พช.ขก.เพิ่มศักยภาพบุคลากร", "--date", "30 ตุลาคม 2563", "--province", "ขอนแก่น",
         "--province", "กทม.", "--mission", "organization", "--mission", "โคก หนอง นา"]


def written(tmp_path):
    return sorted(tmp_path.rglob("*.md"))


def test_flags_write_a_valid_file_named_by_year_and_stable_slug(tmp_path):
    assert new_article.main(FLAGS + ["--content", str(tmp_path)], interactive=False, today=TODAY) == 0
    [path] = written(tmp_path)
    assert path.parent.name == "2020" and path.name.startswith("2020-10-30-khon-kaen-")
    text = path.read_text(encoding="utf-8")
    assert "Date: 2020-10-30\n" in text  # BE in, ISO CE out
    assert "Provinces: ขอนแก่น, กรุงเทพมหานคร\n" in text  # the alias written as the official name
    assert "Missions: organization, khok-nong-na\n" in text
    assert "\nTags: \n" in text  # empty: autotags fills it at build time
    assert validation.check_files([tmp_path]) == []
    # the same title, date and province always give the same slug
    assert new_article.make_slug(dt.date(2020, 10, 30), new_article.provinces.province_by_name("ขอนแก่น"),
                                 "พช.ขก.เพิ่มศักยภาพบุคลากร") == path.stem


def test_never_overwrites(tmp_path, capsys):
    assert new_article.main(FLAGS + ["--content", str(tmp_path)], interactive=False, today=TODAY) == 0
    before = written(tmp_path)[0].read_text(encoding="utf-8")
    assert new_article.main(FLAGS + ["--content", str(tmp_path), "--tags", "x"], interactive=False, today=TODAY) == 1
    assert "ไม่เขียนทับ" in capsys.readouterr().err
    assert written(tmp_path)[0].read_text(encoding="utf-8") == before


def test_a_typo_in_a_flag_is_refused_with_the_suggestion(tmp_path, capsys):
    argv = ["--title", "x", "--date", "2563-10-30", "--province", "ขอนแกน", "--mission", "otop",
            "--content", str(tmp_path)]
    assert new_article.main(argv, interactive=False, today=TODAY) == 2
    assert 'หมายถึง "ขอนแก่น" หรือไม่?' in capsys.readouterr().err
    assert written(tmp_path) == []


def test_without_a_terminal_missing_flags_are_an_error_not_a_prompt(tmp_path, capsys):
    def no_input(prompt):
        raise AssertionError("must not ask")
    assert new_article.main(["--title", "x", "--content", str(tmp_path)], input_fn=no_input,
                            interactive=False, today=TODAY) == 2
    assert "missing --date --province (stdin" in capsys.readouterr().err  # Missions may be empty


def test_interactive_answers_are_checked_and_asked_again(tmp_path, capsys):
    answers = iter(["", "ประชุมประจำเดือน", "31 กุมภาพันธ์ 2563", "", "ขอนแกน", "ส่วนกลาง",
                    "foo", "11, poverty", "", "บรรทัดแรก", "บรรทัดสอง", ".", ""])
    prompts = []

    def fake_input(prompt):
        prompts.append(prompt)
        return next(answers)

    assert new_article.main(["--content", str(tmp_path)], input_fn=fake_input, interactive=True, today=TODAY) == 0
    err = capsys.readouterr().err
    assert "ต้องมีหัวข้อข่าว" in err and "วันที่ไม่มีอยู่จริง" in err and 'หมายถึง "ขอนแก่น"' in err
    assert 'ไม่รู้จักภารกิจ "foo"' in err
    assert prompts[0] == "หัวข้อข่าว: "
    [path] = written(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert path.name.startswith("2026-11-01-central-")  # empty date = today
    assert "Missions: organization, poverty\n" in text and text.endswith("บรรทัดแรก\nบรรทัดสอง\n")


def test_body_file(tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("เมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น.\n", encoding="utf-8")
    out = tmp_path / "content"
    assert new_article.main(FLAGS + ["--content", str(out), "--body-file", str(body)], interactive=False,
                            today=TODAY) == 0
    assert written(out)[0].read_text(encoding="utf-8").endswith("\n\nเมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น.\n")


@pytest.mark.parametrize("script", ["new_article", "validate", "make_synthetic", "bench_build"])
def test_scripts_have_help(script, capsys):
    import importlib

    module = importlib.import_module(f"scripts.{script}")
    with pytest.raises(SystemExit) as exit_info:
        module.main(["--help"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.strip()


# --- issue 16 item 4: the findings of a new user --------------------------------------------------

PASTE = ["ย่อหน้าแรกของข่าว", "", "", "ย่อหน้าที่สองหลังบรรทัดว่างสองบรรทัด (จาก Word)", "", "", "", "ย่อหน้าสุดท้าย"]


def test_a_pasted_body_with_blank_lines_is_read_whole_up_to_the_end_marker(tmp_path):
    answers = iter(["ข่าวทดสอบ", "2563-10-30", "ขอนแก่น", "", ""] + PASTE + [".", ""])
    assert new_article.main(["--content", str(tmp_path)], input_fn=lambda _: next(answers), interactive=True,
                            today=TODAY) == 0
    assert next(answers, None) is None  # every answer was used: nothing left over
    text = written(tmp_path)[0].read_text(encoding="utf-8")
    assert text.endswith("\n\nย่อหน้าแรกของข่าว\n\n\nย่อหน้าที่สองหลังบรรทัดว่างสองบรรทัด (จาก Word)\n\n\n\nย่อหน้าสุดท้าย\n")


@pytest.mark.slow  # a subprocess: new_article.py in a pseudo-terminal
def test_in_a_terminal_the_rest_of_a_paste_is_never_left_for_the_shell(tmp_path):
    """The real script in a pseudo-terminal: the answers and a body with blank lines pasted at once,
    followed by more text; once the script ends nothing is waiting in the terminal for the shell."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    master, slave = pty.openpty()
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    child = subprocess.Popen([sys.executable, str(new_article.ROOT / "scripts" / "new_article.py"),
                              "--content", str(tmp_path)], stdin=slave, stdout=slave, stderr=slave, env=env)
    paste = ["ข่าวทดสอบ", "15/03/2567", "ขอนแก่น", "", ""] + PASTE + [".", "", "echo LEFTOVER; rm -rf ~"]
    os.write(master, ("\n".join(paste) + "\n").encode())
    shown, deadline = b"", time.monotonic() + 60
    while child.poll() is None and time.monotonic() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            shown += os.read(master, 65536)
    assert child.wait(timeout=5) == 0, shown.decode(errors="replace")
    os.set_blocking(slave, False)
    try:
        left = os.read(slave, 4096)
    except BlockingIOError:
        left = b""
    os.close(master), os.close(slave)
    assert left == b""  # without the flush: b"echo LEFTOVER; rm -rf ~\n", read by the shell next
    assert "15 มีนาคม 2567 (2024-03-15)" in shown.decode(errors="replace")
    assert "ย่อหน้าสุดท้าย" in written(tmp_path)[0].read_text(encoding="utf-8")


@pytest.mark.slow  # a subprocess: xclip
def test_body_from_the_clipboard(tmp_path, monkeypatch):
    tool = tmp_path / "bin" / "xclip"
    tool.parent.mkdir()
    tool.write_text("#!/bin/sh\nprintf 'ย่อหน้าหนึ่ง\\r\\n\\r\\n\\r\\nย่อหน้าสอง'\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tool.parent))
    out = tmp_path / "content"
    assert new_article.main(FLAGS + ["--content", str(out), "--body-clipboard"], interactive=False, today=TODAY) == 0
    assert written(out)[0].read_text(encoding="utf-8").endswith("\n\nย่อหน้าหนึ่ง\n\n\nย่อหน้าสอง\n")


@pytest.mark.parametrize("value, day", [("15/03/2567", dt.date(2024, 3, 15)), ("2/2/66", dt.date(2023, 2, 2)),
                                        ("15 มี.ค. 67", dt.date(2024, 3, 15)), ("๑๕ มีนาคม ๒๕๖๗", dt.date(2024, 3, 15)),
                                        ("2567-03-15", dt.date(2024, 3, 15)), ("15 March 2024", dt.date(2024, 3, 15))])
def test_the_date_forms_the_date_module_reads(value, day):
    assert new_article.clean_date(value, today=TODAY) == day


@pytest.mark.parametrize("value, words", [("31/02/2567", "วันที่ไม่มีอยู่จริง"), ("15/03/2570", "วันที่อยู่ในอนาคต"),
                                          ("15/03/2567 และ 16/03/2567", "อ่านวันที่ไม่ได้"), ("พรุ่งนี้", "อ่านวันที่ไม่ได้")])
def test_dates_that_cannot_be_used_say_why(value, words):
    with pytest.raises(new_article.Invalid, match=words):
        new_article.clean_date(value, today=TODAY)


def test_the_understood_date_is_shown_in_thai_before_saving(tmp_path, capsys):
    argv = ["--title", "ข่าว", "--date", "2/2/66", "--province", "ขอนแก่น", "--content", str(tmp_path)]
    assert new_article.main(argv, interactive=False, today=TODAY) == 0
    err = capsys.readouterr().err
    assert "→ วันที่ 2 กุมภาพันธ์ 2566 (2023-02-02)" in err
    assert err.index("2 กุมภาพันธ์ 2566") < err.index("เขียนแล้ว")


def test_missions_are_optional(tmp_path):
    argv = ["--title", "ข่าว", "--date", "2563-10-30", "--province", "ขอนแก่น", "--content", str(tmp_path)]
    assert new_article.main(argv, interactive=False, today=TODAY) == 0
    [path] = written(tmp_path)
    assert "Missions" not in path.read_text(encoding="utf-8")
    assert validation.check_files([tmp_path]) == []
    # asked in a terminal, an empty answer is accepted too
    answers = iter(["ข่าวสอง", "2563-10-30", "ขอนแก่น", "", "", ".", ""])
    assert new_article.main(["--content", str(tmp_path)], input_fn=lambda _: next(answers), interactive=True,
                            today=TODAY) == 0


@pytest.mark.parametrize("name, slug", [("ความยากจน", "poverty"), ("ผ้าไทย", "thai-textiles"), ("โคกหนองนา", "khok-nong-na"),
                                        ("กองทุนพัฒนาบทบาทสตรี", "women"), ("Poverty eradication", "poverty"), ("3", "khok-nong-na")])
def test_everyday_thai_mission_names_are_understood(name, slug):
    assert new_article.clean_missions([name]) == [slug]


def test_a_name_of_several_missions_lists_them_and_a_stranger_gets_the_slugs():
    with pytest.raises(new_article.Invalid, match=r"ตรงกับหลายภารกิจ: .*\(community-finance\)"):
        new_article.clean_missions(["ชุมชน"])
    with pytest.raises(new_article.Invalid, match="ไม่รู้จักภารกิจ"):
        new_article.clean_missions(["ฟุตบอล"])


# --- issue 14 item 4: photos ----------------------------------------------------------------------

def jpeg(path, color=(200, 100, 0), size=(64, 48)):
    from PIL import Image

    Image.new("RGB", size, color).save(path, "JPEG")
    return path


def test_photos_are_copied_by_hash_and_written_as_figures_with_alt_text(tmp_path):
    import hashlib

    first, second = jpeg(tmp_path / "ภาพที่1.JPG"), jpeg(tmp_path / "b.jpeg", (0, 90, 200), (40, 30))
    articles = tmp_path / "content" / "articles"
    argv = FLAGS + ["--content", str(articles), "--image", str(first), "--alt", "นายอำเภอมอบเงินทุนแก่กลุ่มสตรี",
                    "--caption", "พิธีมอบเงินทุน", "--image", str(second), "--alt", 'ผ้าไทย "ลายขิด"']
    assert new_article.main(argv, interactive=False, today=TODAY) == 0
    names = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}.jpg" for p in (first, second)]
    images = tmp_path / "content" / "images"
    assert sorted(p.name for p in images.iterdir()) == sorted(names)
    assert (images / names[0]).read_bytes() == first.read_bytes()
    text = written(articles)[0].read_text(encoding="utf-8")
    assert f"\nImage: /images/{names[0]}\n" in text
    assert (f'<figure><img src="/images/{names[0]}" alt="นายอำเภอมอบเงินทุนแก่กลุ่มสตรี" width="64" height="48">'
            f"<figcaption>พิธีมอบเงินทุน</figcaption></figure>") in text
    assert f'<img src="/images/{names[1]}" alt="ผ้าไทย &quot;ลายขิด&quot;" width="40" height="30">' in text
    assert validation.check_files([tmp_path / "content"]) == []


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("ไม่ใช่ภาพ"), "ไม่ใช่ภาพ JPEG, PNG หรือ WebP"),
    (lambda p: p.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "SVG"),
    (lambda p: None, "อ่านไฟล์ภาพไม่ได้"),
])
def test_a_file_that_is_not_a_photo_is_refused_by_name_before_anything_is_written(tmp_path, capsys, make, words):
    bad = tmp_path / "ภาพ.jpg"
    make(bad)
    articles = tmp_path / "content" / "articles"
    assert new_article.main(FLAGS + ["--content", str(articles), "--image", str(bad), "--alt", "ภาพ"],
                            interactive=False, today=TODAY) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and words in err
    assert not (tmp_path / "content").exists()


def test_a_photo_needs_alt_text(tmp_path, capsys):
    argv = FLAGS + ["--content", str(tmp_path / "c" / "articles"), "--image", str(jpeg(tmp_path / "a.jpg"))]
    assert new_article.main(argv, interactive=False, today=TODAY) == 2
    assert "ต้องมีคำบรรยายภาพ" in capsys.readouterr().err


def test_photos_asked_in_the_terminal(tmp_path, capsys):
    good, bad = jpeg(tmp_path / "good.jpg"), tmp_path / "bad.jpg"
    bad.write_text("x")
    articles = tmp_path / "content" / "articles"
    answers = iter(["ข่าว", "2563-10-30", "ขอนแก่น", "ความยากจน", "", "เนื้อข่าว", ".",
                    str(tmp_path / "missing.jpg"), f"'{bad}'", f"'{good}'", "", "ชาวบ้านรับเงินทุน", "", ""])
    assert new_article.main(["--content", str(articles)], input_fn=lambda _: next(answers), interactive=True,
                            today=TODAY) == 0
    err = capsys.readouterr().err
    assert "missing.jpg" in err and "ไม่ใช่ภาพ JPEG" in err and "ต้องมีคำบรรยายภาพ" in err
    assert "→ ภารกิจ การแก้ไขปัญหาความยากจน" in err
    text = written(articles)[0].read_text(encoding="utf-8")
    assert 'alt="ชาวบ้านรับเงินทุน"' in text and "Missions: poverty\n" in text
