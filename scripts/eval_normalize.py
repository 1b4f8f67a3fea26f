#!/usr/bin/env python3
"""Score scripts/normalize.py against a labelled development set (as ../shared/eval/README.md says).

usage: eval_normalize.py [EVAL_DIR] [--verbose]

EVAL_DIR holds raw/*.txt and labels.json. Prints event date accuracy, main-province accuracy,
province-set F1, mission-set F1, title accuracy and people F1, with the files that missed.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from contextlib import redirect_stderr
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "plugins"))

from normalize import normalize_paths  # noqa: E402
from cdd_thai import provinces  # noqa: E402

TARGETS = {"date": 0.95, "main_province": 0.95, "missions_f1": 0.85, "title": 0.90}


def set_f1(got: list[str], gold: list[str]) -> float:
    got_set, gold_set = set(got), set(gold)
    if not got_set and not gold_set:
        return 1.0
    if not got_set or not gold_set:
        return 0.0
    overlap = len(got_set & gold_set)
    return 2 * overlap / (len(got_set) + len(gold_set))


def _squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text or "")


def title_right(got: str | None, gold: str) -> bool:
    a, b = _squash(got), _squash(gold)
    if not a or not b:
        return a == b
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.8 * len(long_)


def other_readings(label: dict) -> set[str]:
    """Provinces that count as the main one too, where the notes call the province reading ambiguous
    ("AMBIGUOUS", "a 'whose news' reading would give X"): every province the notes name."""
    notes = label.get("notes", "")
    if not re.search(r"ambiguous|reading", notes, re.IGNORECASE):
        return set()
    return {p.name_th for p in provinces.ALL if p.name_th in notes}


def score(eval_dir: Path) -> tuple[dict[str, float], list[str]]:
    labels = json.loads((eval_dir / "labels.json").read_text(encoding="utf-8"))
    by_file = {(eval_dir / item["file"]).resolve(): item for item in labels}
    with tempfile.TemporaryDirectory() as tmp, redirect_stderr(io.StringIO()):
        results = {Path(r.input).resolve(): r for r in
                   normalize_paths(list(by_file), Path(tmp) / "out", Path(tmp) / "q")}
    sums = dict.fromkeys(("date", "main_province", "provinces_f1", "missions_f1", "title", "people_f1"), 0.0)
    misses = []
    for path, label in by_file.items():
        r = results[path]
        name = label["file"]
        checks = {
            "date": r.date == label["event_date"],
            "main_province": (r.provinces[:1] == label["provinces"][:1]
                              or bool(r.provinces) and r.provinces[0] in other_readings(label)),
            "title": title_right(r.title, label["title"]),
        }
        for key, ok in checks.items():
            sums[key] += ok
            if not ok:
                got = {"date": r.date, "main_province": r.provinces, "title": r.title}[key]
                misses.append(f"{name}: {key}: got {got!r}")
        sums["provinces_f1"] += set_f1(r.provinces, label["provinces"])
        f1 = set_f1(r.missions, label["missions"])
        sums["missions_f1"] += f1
        if f1 < 1:
            misses.append(f"{name}: missions {r.missions} vs {label['missions']}")
        sums["people_f1"] += set_f1([p.replace(" ", "") for p in r.people],
                                    [p.replace(" ", "") for p in label["people"]])
    n = len(by_file)
    return {key: value / n for key, value in sums.items()}, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    scores, misses = score(args.eval_dir)
    for key, value in scores.items():
        target = TARGETS.get(key)
        mark = "" if target is None else ("  ok" if value >= target else f"  BELOW {target:.2f}")
        print(f"{key:15} {value:.3f}{mark}")
    if args.verbose:
        print("\n".join(misses))
    return 0 if all(scores[k] >= t for k, t in TARGETS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
