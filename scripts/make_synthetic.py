"""สร้างคลังข่าวสังเคราะห์สำหรับวัดความเร็ว / Write a synthetic archive of Thai press releases for benchmarks.

Bodies are built from the sentences of the project's raw samples (raw/seeds), so the text is real
department Thai; the province named in a sentence is swapped for the article's province. Dates are
spread over 2562-2568 BE, provinces over all 77 + ส่วนกลาง, missions over the 11 missions, and about
a third of the articles leave Tags empty so that the autotags plugin has work to do. The output is
deterministic for a given --seed.

Writes DIR/articles/YYYY/SLUG.md with the same front matter as scripts/normalize.py.

    python scripts/make_synthetic.py -n 10000 -o /tmp/synth --seed 1
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from pathlib import Path

from cdd_thai import missions as thai_missions
from cdd_thai import provinces as thai_provinces

ROOT = Path(__file__).resolve().parent.parent

SEEDS = ROOT / "raw" / "seeds"
FIRST_DAY = dt.date(2019, 1, 1)  # 1 มกราคม 2562
LAST_DAY = dt.date(2025, 12, 31)  # 31 ธันวาคม 2568
BODY_BYTES = 4800
EMPTY_TAGS_SHARE = 0.35
# Lines of the seeds that are page furniture, not news text.
NOISE = re.compile(r"Visited|หมวดหมู่\s*:|หัวข้อ\s*:|โดย\s*:|อ่าน\s*:|พิมพ์|รายงาน$|:\s*ข่าว$")
THAI_CHAR = re.compile(r"[\u0E00-\u0E7F]")
# Tags that officers write by hand; the rest of the tag vocabulary comes from the seeds' own words
# (tag_vocabulary), drawn with Zipf weights so that, as in a real archive, a few tags are on
# thousands of articles and hundreds are on a few.
TAG_POOL = (
    "โคก หนอง นา", "ความยากจน", "OTOP", "เศรษฐกิจฐานราก", "สัมมาชีพชุมชน", "กองทุนสวัสดิการ",
    "หมู่บ้านเศรษฐกิจพอเพียง", "จิตอาสา", "ประชุมเชิงปฏิบัติการ", "พัฒนาศักยภาพบุคลากร",
    "ยุทธศาสตร์ชาติ", "ระบบราชการ 4.0", "ข้อมูล จปฐ.", "ภูมิปัญญาท้องถิ่น", "ผ้าไทย", "ครัวเรือนยากจน",
)
TITLE_OPENINGS = (
    "พช.{abbr} {clause}", "พัฒนาชุมชนจังหวัด{name} {clause}", "{clause} ที่จังหวัด{name}",
    "อธิบดี พช. {clause}", "สำนักงานพัฒนาชุมชนจังหวัด{name} {clause}",
)


def seed_sentences(seeds_dir: Path = SEEDS) -> list[str]:
    """Clauses of the seed texts long enough to read as news, noise lines removed."""
    clauses: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip().lstrip("-🔹 ")
            if len(line) < 30 or NOISE.search(line) or len(THAI_CHAR.findall(line)) < len(line) // 2:
                continue
            # Thai separates clauses with spaces; keep chunks of at least ~60 characters together.
            chunk = ""
            for piece in re.split(r"\s+", line):
                chunk = f"{chunk} {piece}" if chunk else piece
                if len(chunk) >= 60:
                    clauses.append(chunk)
                    chunk = ""
            if len(chunk) >= 30:
                clauses.append(chunk)
    clauses = [c for c in clauses if THAI_CHAR.match(c) or c.startswith("“")]
    if not clauses:
        raise SystemExit(f"ไม่พบข้อความใน {seeds_dir} / No seed text in {seeds_dir}")
    return clauses


def tag_vocabulary(clauses: list[str]) -> list[str]:
    """TAG_POOL, then every word of the seeds that could be a tag (plus province names), commonest first."""
    from collections import Counter

    from cdd_thai.tags import is_tag_word
    from cdd_thai.tokenize import words

    counts = Counter(w for clause in clauses for w in words(clause) if is_tag_word(w) and THAI_CHAR.search(w))
    extra = [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    extra += [p.name_th for p in thai_provinces.PROVINCES]
    return list(dict.fromkeys(list(TAG_POOL) + extra))


def weighted_tags(clauses: list[str]) -> tuple[list[str], list[float]]:
    """The tag vocabulary with Zipf weights (1/rank)."""
    words = tag_vocabulary(clauses)
    return words, [1 / rank for rank in range(1, len(words) + 1)]


def _province_pattern() -> re.Pattern:
    # Only "จังหวัดX" / "จ.X": a bare name can sit inside another word (แพร่ in เผยแพร่).
    names = sorted((p.name_th for p in thai_provinces.PROVINCES), key=len, reverse=True)
    return re.compile(r"(จังหวัด|จ\.\s?)(" + "|".join(map(re.escape, names)) + ")")


def localise(text: str, province, pattern: re.Pattern) -> str:
    """Swap the province a seed sentence names for the article's province."""
    if province.slug == "central":
        return pattern.sub(lambda m: "กรมการพัฒนาชุมชน", text)
    return pattern.sub(lambda m: m.group(1) + province.name_th, text)


def make_body(rng: random.Random, clauses: list[str], province, pattern: re.Pattern,
              target: int = BODY_BYTES) -> str:
    """Paragraphs of 3-6 seed clauses until the body reaches ``target`` UTF-8 bytes."""
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(localise(rng.choice(clauses), province, pattern)
                             for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def make_title(rng: random.Random, clauses: list[str], province, pattern: re.Pattern) -> str:
    clause = localise(rng.choice(clauses), province, pattern)
    clause = clause[:70].rsplit(" ", 1)[0] if len(clause) > 70 else clause
    abbr = getattr(province, "abbr_th", "") or province.name_th
    name = province.name_th if province.slug != "central" else "ส่วนกลาง"
    return rng.choice(TITLE_OPENINGS).format(abbr=abbr, name=name, clause=clause)


def make_article(i: int, rng: random.Random, clauses: list[str], pattern: re.Pattern,
                 seed: int, vocabulary: tuple[list[str], list[float]] | None = None) -> tuple[str, str, str]:
    """One article: (year, slug, file text). ``vocabulary``: weighted_tags(clauses), made once per archive."""
    all_provinces = thai_provinces.ALL
    province = all_provinces[i % len(all_provinces)] if i < len(all_provinces) else rng.choice(all_provinces)
    provinces = [province]
    if rng.random() < 0.08:
        provinces.append(rng.choice(thai_provinces.PROVINCES))
    date = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    mission_slugs = [m.slug for m in rng.sample(thai_missions.MISSIONS, rng.randint(1, 3))]
    title = make_title(rng, clauses, province, pattern)
    body = make_body(rng, clauses, province, pattern)
    digest = hashlib.sha1(f"{seed}:{i}:{title}".encode()).hexdigest()[:8]
    slug = f"{date.isoformat()}-{province.slug}-{digest}"
    tags = ""
    if rng.random() >= EMPTY_TAGS_SHARE:
        words, weights = vocabulary or weighted_tags(clauses)
        tags = ", ".join(dict.fromkeys(rng.choices(words, weights, k=rng.randint(3, 8))))
    first = body.split("\n", 1)[0]
    summary = first if len(first) <= 160 else first[:160].rsplit(" ", 1)[0]
    header = [
        f"Title: {title}",
        f"Date: {date.isoformat()}",
        f"Provinces: {', '.join(dict.fromkeys(p.name_th for p in provinces))}",
        f"Missions: {', '.join(mission_slugs)}",
        f"Tags: {tags}",
        "Author: สังเคราะห์ (synthetic)",
        f"Source: synthetic-{seed}-{i}",
        f"Summary: {summary}",
        f"Slug: {slug}",
        "Lang: th",
    ]
    return str(date.year), slug, "\n".join(header) + "\n\n" + body + "\n"


def write_archive(n: int, out: Path, seed: int = 0, seeds_dir: Path = SEEDS) -> list[Path]:
    """Write ``n`` synthetic articles under ``out``/articles and return their paths."""
    rng = random.Random(seed)
    clauses = seed_sentences(seeds_dir)
    pattern = _province_pattern()
    vocabulary = weighted_tags(clauses)
    written = []
    for i in range(n):
        year, slug, text = make_article(i, rng, clauses, pattern, seed, vocabulary)
        path = out / "articles" / year / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000, help="จำนวนข่าว / number of articles (1000)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="โฟลเดอร์ปลายทาง / output folder")
    parser.add_argument("--seed", type=int, default=0, help="ค่าตั้งต้นสุ่ม / random seed (0)")
    args = parser.parse_args(argv)
    paths = write_archive(args.n, args.output, args.seed)
    sys.stderr.write(f"เขียน {len(paths)} ข่าวใน {args.output} / wrote {len(paths)} articles to {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
