"""Broken and hostile inputs: never a crash, never a lost input, never a script on a page."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from scripts.normalize import normalize_paths

SEED = (SEEDS / "002_46e72196f3e49e24.txt").read_text(encoding="utf-8")
# The seed without its page's date line ("วันพฤหัสบดี, 23 พฤษภาคม 2567"): a text with no date to fall
# back on when its event date is unusable.
UNDATED_PAGE = SEED.split("\n", 1)[1]


def run(tmp_path, files: dict[str, bytes]):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in files.items():
        (raw / name).write_bytes(data)
    out, q = tmp_path / "out", tmp_path / "quarantine"
    return {r.input.rsplit("/", 1)[-1]: r for r in normalize_paths([raw], out, q)}, out, q


def test_every_bad_input_is_quarantined_with_its_reason(tmp_path):
    results, out, q = run(tmp_path, {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 40,
        "latin1.txt": "ข่าว".encode("tis-620", errors="ignore") + b"\xe9\xff",
        "huge.txt": ("ข่าว " * 400_000).encode("utf-8"),
        "nodate.txt": "พช.ขอนแก่น จัดประชุม\n\nสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น จัดประชุมประจำเดือน".encode(),
        "impossible.txt": UNDATED_PAGE.replace("30 ตุลาคม 2563 เวลา", "31 กุมภาพันธ์ 2563 เวลา").encode(),
        "future.txt": UNDATED_PAGE.replace("30 ตุลาคม 2563 เวลา", "30 ตุลาคม 2590 เวลา").encode(),
        "noprovince.txt": "ประชุมชี้แจงงาน\n\nวันที่ 3 มีนาคม 2564 เจ้าหน้าที่ได้ประชุมชี้แจงงานประจำปี".encode(),
        "good.txt": SEED.encode(),
    })
    expected = {
        "empty.txt": "empty", "binary.txt": "binary", "latin1.txt": "UTF-8", "huge.txt": "too large",
        "nodate.txt": "No event date", "impossible.txt": "Impossible date", "future.txt": "future",
        "noprovince.txt": "No province",
    }
    for name, words in expected.items():
        r = results[name]
        assert r.status == "quarantined", name
        assert words in r.error, (name, r.error)
        copied = (q / r.output.rsplit("/", 1)[-1])
        assert copied.read_bytes() == (tmp_path / "raw" / name).read_bytes(), "copied untouched"
        assert (q / (copied.name + ".reason.txt")).read_text(encoding="utf-8").endswith(r.error + "\n")
    assert results["good.txt"].status == "ok"
    assert len(list(out.rglob("*.md"))) == 1
    assert not list(tmp_path.rglob("*.tmp")), "no half-written file"


def test_an_unusable_event_date_falls_back_to_the_pages_own_date_and_waits_for_review(tmp_path):
    """The same impossible day on a page that shows its own date: published on that date (DateSource:
    published), with the reason listed for a person, not held and not presented as the event's day."""
    results, out, q = run(tmp_path, {"impossible.txt": SEED.replace("30 ตุลาคม 2563 เวลา", "31 กุมภาพันธ์ 2563 เวลา")
                                     .encode()})
    r = results["impossible.txt"]
    assert (r.status, r.date, r.date_source) == ("ok", "2024-05-23", "published"), r.error
    assert r.review and "Unusable event date" in r.guesses[0], r.guesses


@pytest.mark.slow
def test_strict_exit_code_and_stderr_names_the_file(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    cmd = [sys.executable, str(ROOT / "scripts" / "normalize.py"), "--json", "-o", str(tmp_path / "out"),
           str(tmp_path / "empty.txt"), str(SEEDS / "002_46e72196f3e49e24.txt")]
    lax = subprocess.run(cmd, capture_output=True, text=True)
    assert lax.returncode == 0
    assert f"{tmp_path / 'empty.txt'}: ไฟล์ว่าง / The file is empty" in lax.stderr
    assert [json.loads(l)["status"] for l in lax.stdout.splitlines()] == ["quarantined", "ok"]
    strict = subprocess.run(cmd + ["--strict"], capture_output=True, text=True)
    assert strict.returncode == 1


HOSTILE_HTML = """<!doctype html><html><head><title>x</title>
<meta property="article:published_time" content="2020-10-31T08:00:00+07:00">
<script>alert('head')</script></head><body>
<nav>เมนู หน้าแรก</nav>
<article><h1 class="entry-title">พช.ขก.เพิ่มศักยภาพบุคลากร <img src=x onerror="alert(1)"></h1>
<div class="entry-content">
<p>เมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น. ณ ห้องประชุมโรงแรมสวนเจ็ดพี่น้อง อ.อุบลรัตน์ จ.ขอนแก่น
นางจิรภา เชื้อดวงผุย ผู้อำนวยการกลุ่มงาน เป็นประธานการประชุม<script>document.cookie</script></p>
<p onclick="steal()">สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น จัดประชุมประจำเดือน &lt;script&gt;alert(2)&lt;/script&gt;</p>
<div class="tptn_counter">(Visited 3 times, 1 visits today)</div>
<iframe src="https://evil.example/"></iframe>
</div></article><footer>ลิขสิทธิ์</footer></body></html>"""


def test_html_post_page_loses_every_script(tmp_path):
    results, out, _ = run(tmp_path, {"post.html": HOSTILE_HTML.encode()})
    r = results["post.html"]
    assert r.status == "ok", r.error
    assert r.title == "พช.ขก.เพิ่มศักยภาพบุคลากร"
    assert r.date == "2020-10-30" and r.provinces == ["ขอนแก่น"]
    text = next(out.rglob("*.md")).read_text(encoding="utf-8")
    for bad in ("<script", "onerror", "onclick", "<iframe", "evil.example", "Visited", "เมนู", "ลิขสิทธิ์"):
        assert bad not in text, bad
    assert "&lt;script&gt;" in text  # text that looks like markup stays visible text, escaped


def test_repost_with_different_noise_is_one_article(tmp_path):
    noisy = "ข่าวประชาสัมพันธ์\n\n" + SEED + "\n\n(Visited 7 times, 2 visits today)\nพิมพ์\n"
    results, out, _ = run(tmp_path, {"a.txt": SEED.encode(), "b.txt": noisy.encode()})
    assert results["a.txt"].output == results["b.txt"].output
    assert len(list(out.rglob("*.md"))) == 1


def test_utf16_and_bom_inputs_are_read_and_invisible_characters_leave_the_headline(tmp_path):
    spoofed = SEED.replace("พช.ขก.เพิ่มศักยภาพบุคลากร", "พช.ขก.\u202eเพิ่ม\u200bศักยภาพ\u2066บุคลากร\u2069\x1b\x9b", 1)
    assert spoofed != SEED and "ำ" in SEED
    decomposed = SEED.replace("ำ", "\u0e4d\u0e32")  # SARA AM as NIKHAHIT + SARA AA (NFKC, some keyboards)
    results, out, q = run(tmp_path, {"utf16.txt": SEED.encode("utf-16"), "utf16be.txt": b"\xfe\xff" + SEED.encode("utf-16-be"),
                                     "bom8.txt": b"\xef\xbb\xbf" + SEED.encode(), "spoofed.txt": spoofed.encode(),
                                     "decomposed.txt": decomposed.encode()})
    assert {r.status for r in results.values()} == {"ok"}, {n: r.error for n, r in results.items()}
    assert len({r.output for r in results.values()}) == 1  # one release: the same article
    assert results["spoofed.txt"].title == results["utf16.txt"].title
    assert results["spoofed.txt"].title.startswith("พช.ขก.เพิ่มศักยภาพบุคลากร")
    assert "\u0e4d\u0e32" not in Path(results["decomposed.txt"].output).read_text(encoding="utf-8")


def test_a_symlink_is_held_as_a_note_and_its_target_is_never_read(tmp_path):
    marker = tmp_path / "marker.txt"
    marker.write_text("MARKER-OF-THE-SERVER " + SEED, encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "post.txt").symlink_to(marker)
    (r,) = normalize_paths([raw], tmp_path / "out", tmp_path / "q")
    assert r.status == "quarantined" and "symbolic link" in r.error and str(marker) in r.error
    assert not list((tmp_path / "out").rglob("*.md"))
    stored = [p for p in (tmp_path / "q").rglob("*") if p.is_file()]
    assert stored and not [p for p in stored if b"MARKER-OF-THE-SERVER" in p.read_bytes()]
    assert not [p for p in (tmp_path / "q").rglob("*") if p.is_symlink()]
    assert str(marker) in Path(r.output).read_text(encoding="utf-8")  # the note names the target


@pytest.mark.slow
def test_two_processes_give_the_same_articles_inbox_and_results_as_one(tmp_path):
    """normalize.py -j: the workers only read and judge; writing, duplicates and the inbox stay in one
    process, so any number of them gives the same files, the same results and the same held inputs
    (a failure, with its fields, crosses the process boundary intact)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    files = {"empty.txt": b"", "binary.txt": bytes(range(256)) * 40,
             "impossible.txt": UNDATED_PAGE.replace("30 ตุลาคม 2563 เวลา", "31 กุมภาพันธ์ 2563 เวลา").encode(),
             "noprovince.txt": "ประชุมชี้แจงงาน\n\nวันที่ 3 มีนาคม 2564 เจ้าหน้าที่ได้ประชุมชี้แจงงานประจำปี".encode(),
             "repost.txt": ("ข่าวจากเว็บไซต์\n" + SEED + "\nแชร์ข่าวนี้").encode()}
    files.update({p.name: p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))})
    for name, data in files.items():
        (raw / name).write_bytes(data)

    def run_with(jobs):
        out, q = tmp_path / f"out{jobs}", tmp_path / f"inbox{jobs}"
        results = [r.as_json() for r in normalize_paths([raw], out, q, jobs=jobs)]
        tree = {str(p.relative_to(base)): p.read_bytes() for base in (out, q) for p in sorted(base.rglob("*"))
                if p.is_file() and p.suffix != ".json"}
        records = sorted(p.name for p in q.rglob("*.json"))
        return json.loads(json.dumps(results).replace(f"out{jobs}", "out").replace(f"inbox{jobs}", "inbox")), tree, records

    one, two = run_with(1), run_with(2)
    assert one == two
    statuses = [r["status"] for r in one[0]]
    assert statuses.count("quarantined") == 4 and statuses.count("ok") == len(files) - 4
    assert any(r.get("error", "") and "Impossible date" in r["error"] for r in two[0])
