"""The review inbox end to end: normalise a folder with held inputs and guesses, list the inbox, release
items with the missing fields, and see the articles appear and the items leave (issue 11)."""
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS

from cdd_thai import validation

SEED = (SEEDS / "002_46e72196f3e49e24.txt").read_text(encoding="utf-8")
NO_DATE = "พช.ขอนแก่น จัดประชุมประจำเดือน\n\nสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น จัดประชุมประจำเดือนของข้าราชการ"
NO_PLACE = "ประชุมชี้แจงงาน\n\nวันที่ 3 มีนาคม 2564 เจ้าหน้าที่ได้ประชุมชี้แจงงานประจำปีให้ผู้เข้าร่วมทราบ"
# Department news that names no place (and no executive, whom cdd_thai.provinces itself places centrally):
# ส่วนกลาง by the normaliser's fallback, published, and listed for a check.
CENTRAL = ("ทีมงานพัฒนาชุมชน ร่วมกิจกรรมจิตอาสา\n\n"
           "วันที่ 5 เมษายน 2565 ทีมงานพัฒนาชุมชนร่วมกิจกรรมจิตอาสาทำความสะอาดวัดในหมู่บ้าน"
           "และมอบสิ่งของให้ผู้สูงอายุในชุมชน")
SCRAPED_NO_DAY = ("<html><head><title>x</title></head><body><article><h1 class='entry-title'>พช.ขอนแก่น "
                  "ส่งเสริมอาชีพครัวเรือนยากจน</h1><div class='entry-content'><p>สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น "
                  "ลงพื้นที่ส่งเสริมอาชีพให้ครัวเรือนยากจนเป้าหมาย ณ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น</p></div>"
                  "</article></body></html>")
NO_DAY_URL = "https://province.cdd.go.th/khonkaen/2022/07/04/job/"


def run(*args, check=True):
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def normalise(raw, out, inbox):
    done = run(ROOT / "scripts" / "normalize.py", "--json", "--review", inbox, "-o", out, raw)
    return {json.loads(line)["input"].rsplit("/", 1)[-1]: json.loads(line) for line in done.stdout.splitlines()}, done.stderr


def review(inbox, *args, check=True):
    return run(ROOT / "scripts" / "review.py", "--inbox", inbox, *args, check=check)


def header(path):
    return {k: v for k, (v, _line) in validation.parse_header(path.read_text(encoding="utf-8")).fields.items()}


@pytest.fixture
def folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(SEED, encoding="utf-8")
    (raw / "repost.txt").write_text("ข่าวประชาสัมพันธ์\n\n" + SEED + "\n(Visited 7 times, 2 visits today)\n", encoding="utf-8")
    (raw / "nodate.txt").write_text(NO_DATE, encoding="utf-8")
    (raw / "noplace.txt").write_text(NO_PLACE, encoding="utf-8")
    (raw / "central.txt").write_text(CENTRAL, encoding="utf-8")
    (raw / "wp-7.html").write_text(SCRAPED_NO_DAY, encoding="utf-8")
    (raw / "wp-7.meta.json").write_text(json.dumps({"url": NO_DAY_URL, "published": "2022-07-04T10:00:00"}),
                                        encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OF-THE-SERVER ข่าว วันที่ 1 มกราคม 2565 จังหวัดขอนแก่น\n", encoding="utf-8")
    (raw / "link.txt").symlink_to(secret)
    (raw / "empty.txt").write_text("", encoding="utf-8")
    return raw, tmp_path / "content" / "articles", tmp_path / "review"


@pytest.mark.slow
def test_every_input_ends_as_an_article_a_duplicate_or_an_inbox_item(folder):
    raw, out, inbox = folder
    results, stderr = normalise(raw, out, inbox)
    assert set(results) == {"good.txt", "repost.txt", "nodate.txt", "noplace.txt", "central.txt", "wp-7.html",
                            "link.txt", "empty.txt"}
    records = {r["id"]: r for r in map(json.loads, review(inbox, "list", "--json").stdout.splitlines())}
    for name, r in results.items():
        if r["status"] == "ok":
            assert (out / r["output"].split(str(out) + "/")[1]).is_file(), name
        else:
            assert r["review"] in records and records[r["review"]]["kind"] == "held", name
            assert records[r["review"]]["reason"] == r["error"]
    assert results["repost.txt"]["duplicate_of"] == results["good.txt"]["output"]
    assert {n for n, r in results.items() if r["status"] != "ok"} == {"nodate.txt", "noplace.txt", "link.txt",
                                                                      "empty.txt"}
    # Published on a guess, and listed: the post's own date; ส่วนกลาง for department news without a place.
    scraped, central = results["wp-7.html"], results["central.txt"]
    assert scraped["date"] == "2022-07-04" and scraped["date_source"] == "published"
    assert header(out / "2022" / scraped["output"].rsplit("/", 1)[1])["datesource"] == "published"
    assert records[scraped["review"]]["missing"] == ["date"]
    assert central["provinces"] == ["ส่วนกลาง"] and records[central["review"]]["missing"] == ["province"]
    assert "datesource" not in header(out / "2022" / central["output"].rsplit("/", 1)[1])
    assert results["good.txt"]["review"] is None
    assert len(records) == 6
    assert "รอตรวจ 6 รายการ / " in stderr and "6 items wait for review" in stderr
    # A symbolic link is stored as a note naming its target; the target's text is never copied in.
    assert not [p for p in inbox.rglob("*") if p.is_file() and b"SECRET-OF-THE-SERVER" in p.read_bytes()]
    assert not [p for p in inbox.rglob("*") if p.is_symlink()]
    link = records[results["link.txt"]["review"]]
    assert link["link_target"].endswith("secret.txt") and "symbolic link" in link["reason"]


@pytest.mark.slow
def test_list_says_what_was_read_what_is_missing_and_why(folder):
    raw, out, inbox = folder
    results, _ = normalise(raw, out, inbox)
    text = review(inbox, "list").stdout
    assert text.startswith("รอตรวจ 6 รายการ (กักไว้ 4, เผยแพร่แล้วแต่ต้องตรวจ 2) / 6 items wait for review")
    item = results["nodate.txt"]["review"]
    block = text.split(f"\n{item}  ")[1].split("\n\n")[0]
    assert "กักไว้ ยังไม่เผยแพร่ / held, not published" in block
    assert "หัวข้อ / title: พช.ขอนแก่น จัดประชุมประจำเดือน" in block
    assert "ขาด / missing:       วันที่ / date" in block
    assert "ไม่พบวันที่จัดกิจกรรม / No event date in the text" in block
    assert f"scripts/review.py release {item} --date" in block
    scraped = text.split(f"\n{results['wp-7.html']['review']}  ")[1].split("\n\n")[0]
    assert "2022-07-04 (วันที่เผยแพร่ / publication date)" in scraped and "เดา / guessed" in scraped


@pytest.mark.slow
def test_release_writes_the_article_and_takes_the_item_out(folder):
    raw, out, inbox = folder
    results, _ = normalise(raw, out, inbox)
    nodate, noplace = results["nodate.txt"]["review"], results["noplace.txt"]["review"]

    done = review(inbox, "release", nodate, "--date", "27 ต.ค. 2565")
    assert "ปล่อยแล้ว / released" in done.stdout
    (article,) = (out / "2022").glob("2022-10-27-khon-kaen-*.md")
    fields = header(article)
    assert fields["date"] == "2022-10-27" and fields["provinces"] == "ขอนแก่น" and "datesource" not in fields
    assert fields["source"] == "nodate.txt"  # the input's name, not the inbox copy's
    assert not validation.errors(validation.check_text(article.read_text(encoding="utf-8"), str(article)))

    # A missing province is asked for, in both languages; nothing is written, the item stays.
    refused = review(inbox, "release", noplace, check=False)
    assert refused.returncode == 1
    assert "ไม่พบจังหวัดที่จัดกิจกรรม / No province found" in refused.stderr and "--province" in refused.stderr
    bad = review(inbox, "release", noplace, "--province", "ขอนแกน", check=False)
    assert bad.returncode == 1 and 'หมายถึง "ขอนแก่น"' in bad.stderr
    review(inbox, "release", noplace, "--province", "ส่วนกลาง", "--mission", "organization")
    (central_article,) = (out / "2021").glob("2021-03-03-central-*.md")
    assert header(central_article)["missions"] == "organization"

    # A guess corrected: the article moves to its province, the old file goes.
    central = results["central.txt"]
    old = out / "2022" / central["output"].rsplit("/", 1)[1]
    review(inbox, "release", central["review"], "--province", "ขอนแก่น")
    assert not old.exists()
    (moved,) = (out / "2022").glob("2022-04-05-khon-kaen-*.md")
    assert header(moved)["provinces"] == "ขอนแก่น"

    left = {r["id"] for r in map(json.loads, review(inbox, "list", "--json").stdout.splitlines())}
    assert left == {results[n]["review"] for n in ("wp-7.html", "link.txt", "empty.txt")}
    refused = review(inbox, "release", results["link.txt"]["review"], "--date", "1 ม.ค. 2565",
                     "--province", "ขอนแก่น", check=False)
    assert refused.returncode == 1 and "symbolic link" in refused.stderr

    # The next run meets the same inputs: the released fields hold, nothing returns to the inbox.
    files = {p: p.read_bytes() for p in out.rglob("*.md")}
    again, stderr = normalise(raw, out, inbox)
    assert {p: p.read_bytes() for p in out.rglob("*.md")} == files
    assert again["nodate.txt"]["status"] == "ok" and again["nodate.txt"]["date"] == "2022-10-27"
    assert again["central.txt"]["provinces"] == ["ขอนแก่น"] and again["central.txt"]["review"] is None
    assert "รอตรวจ 3 รายการ" in stderr


@pytest.mark.slow
def test_an_unknown_item_or_date_is_named(folder):
    raw, out, inbox = folder
    normalise(raw, out, inbox)
    missing = review(inbox, "release", "nothing-here", "--date", "1 ม.ค. 2565", check=False)
    assert missing.returncode == 1 and 'No item "nothing-here"' in missing.stderr
    records = [json.loads(line) for line in review(inbox, "list", "--json").stdout.splitlines()]
    item = next(r["id"] for r in records if r["input"].endswith("nodate.txt"))
    bad = review(inbox, "release", item, "--date", "32 ตุลาคม 2565", check=False)
    assert bad.returncode == 1 and "Not released" in bad.stderr


@pytest.mark.slow
def test_an_inbox_inside_the_raw_folder_is_not_read_as_input(tmp_path):
    raw = tmp_path / "raw"
    (raw / "scraped").mkdir(parents=True)
    (raw / "scraped" / "nodate.txt").write_text(NO_DATE, encoding="utf-8")
    (raw / "scraped" / "good.txt").write_text(SEED, encoding="utf-8")
    first, _ = normalise(raw, tmp_path / "out", raw / "review")
    again, stderr = normalise(raw, tmp_path / "out", raw / "review")
    assert set(first) == set(again) == {"nodate.txt", "good.txt"}
    assert again["nodate.txt"]["review"] == first["nodate.txt"]["review"] and "รอตรวจ 1 รายการ" in stderr


def test_clearing_an_item_removes_its_held_files_only(tmp_path):
    """Inbox.clear lists the folder once per Inbox: names with dots and other items' files are told apart."""
    from scripts.ingest.inbox import RECORD, Inbox, item_id

    raw = tmp_path / "raw"
    raw.mkdir()
    inputs = [raw / "ข่าว.2567-03.txt", raw / "ข่าว.txt", raw / "other.html"]
    for path in inputs:
        path.write_text("ไม่มีวันที่\n", encoding="utf-8")
    (raw / "ข่าว.2567-03.meta.json").write_text("{}", encoding="utf-8")
    inbox = Inbox(tmp_path / "inbox")
    for path in inputs:
        inbox.hold(path, reason="no date", missing=["date"], read={}, source=None, articles=tmp_path / "a")
    first, second, third = (item_id(p) for p in inputs)
    assert {p.name for p in inbox.folder.iterdir()} >= {f"{first}.txt", f"{first}.meta.json",
                                                       f"{first}.txt.reason.txt", f"{first}{RECORD}"}
    inbox.clear(first)
    fresh = Inbox(inbox.folder)  # a later run, listing the folder anew
    fresh.clear(second)
    left = sorted(p.name for p in inbox.folder.iterdir())
    assert left == sorted([f"{third}.html", f"{third}.html.reason.txt", f"{third}{RECORD}"]), left
    inbox.hold(inputs[0], reason="no date", missing=["date"], read={}, source=None, articles=tmp_path / "a")
    inbox.clear(first)  # held again after the listing was made: its new files are known too
    assert sorted(p.name for p in inbox.folder.iterdir()) == left
