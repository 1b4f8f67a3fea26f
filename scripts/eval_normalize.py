#!/usr/bin/env python3
"""Score scripts/normalize.py against a labelled development set (as ../shared/eval/README.md says).

usage: eval_normalize.py [EVAL_DIR] [--folds K] [--fold I ...] [--verbose]

EVAL_DIR holds raw/*.txt and labels.json. Prints, for the whole set and for each of K folds: event
date accuracy, main-province accuracy, province-set F1, mission-set F1, primary-mission accuracy,
title accuracy (texts that have a headline only), people F1, and the number of inputs held back
although their label has a date and a province. --fold I scores only fold I (repeatable: the folds
left out while a rule was written); --verbose lists the misses of what is scored.

Folds are fixed by the file names alone (see fold_of), so a rule written while looking at some folds
can be judged on the others: its "left-out" figure.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import tempfile
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from pathlib import Path

from cdd_thai import provinces
from scripts.normalize import normalize_paths

ROOT = Path(__file__).resolve().parent.parent

# Issue 11's targets for the real development set.
TARGETS = {"date": 0.97, "main_province": 0.97, "missions_f1": 0.90, "primary_mission": 0.90,
           "title": 0.95, "people_f1": 0.95}
MAX_HELD_BACK = 0  # real releases with a date and a place kept off the site
# tests/eval_constructed is a regression suite (our own guesses at the department's style, not evidence
# of generalisation): it keeps the targets it was written to.
REGRESSION_TARGETS = {"date": 0.95, "main_province": 0.95, "missions_f1": 0.85, "title": 0.90}
FIELDS = ("date", "main_province", "provinces_f1", "missions_f1", "primary_mission", "title", "people_f1")
DEFAULT_FOLDS = 5


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


def has_headline(label: dict) -> bool:
    """False where the notes say the text has no headline or the title was written by the labeller:
    a made-up title cannot be expected to match word for word (the eval README)."""
    return not re.search(r"\bno headline\b|written by (?:hand|the labell?er|labell?er)",
                         label.get("notes", ""), re.IGNORECASE)


def other_readings(label: dict) -> set[str]:
    """Provinces that count as the main one too, where the notes call the province reading ambiguous
    ("AMBIGUOUS", "a 'whose news' reading would give X"): every province the notes name."""
    notes = label.get("notes", "")
    if not re.search(r"ambiguous|reading", notes, re.IGNORECASE):
        return set()
    return {p.name_th for p in provinces.ALL if p.name_th in notes}


def fold_of(name: str, names: list[str], k: int) -> int:
    """The fold of a file: files are ordered by the SHA-1 of their base name and dealt round-robin, so
    the folds are the same on every machine and equal in size (a hash modulo k alone gave 6 to 16)."""
    order = sorted(names, key=lambda n: hashlib.sha1(Path(n).name.encode("utf-8")).hexdigest())
    return order.index(name) % k


@dataclass
class FileScore:
    """What the normaliser got right on one labelled input."""

    name: str
    fold: int
    values: dict[str, float]  # field -> 1/0 or an F1; "title" missing when the text has no headline
    held_back: bool
    misses: list[str] = field(default_factory=list)


def event_date(result) -> str | None:
    """The event date the output gives: none when the article is dated by its publication date
    (DateSource: published says the text gives no day — what a null label asks for)."""
    return None if result.date_source == "published" else result.date


def score_files(eval_dir: Path, k: int = DEFAULT_FOLDS) -> list[FileScore]:
    """Normalise every labelled input once and score each field per file."""
    labels = json.loads((eval_dir / "labels.json").read_text(encoding="utf-8"))
    names = [item["file"] for item in labels]
    by_file = {(eval_dir / item["file"]).resolve(): item for item in labels}
    with tempfile.TemporaryDirectory() as tmp, redirect_stderr(io.StringIO()):
        results = {Path(r.input).resolve(): r for r in
                   normalize_paths(list(by_file), Path(tmp) / "out", Path(tmp) / "q")}
    out = []
    for path, label in by_file.items():
        r = results[path]
        name = label["file"]
        gold_missions = label["missions"]
        values = {
            "date": float(event_date(r) == label["event_date"]),
            "main_province": float(r.provinces[:1] == label["provinces"][:1]
                                   or bool(r.provinces) and r.provinces[0] in other_readings(label)),
            "provinces_f1": set_f1(r.provinces, label["provinces"]),
            "missions_f1": set_f1(r.missions, gold_missions),
            "primary_mission": float(r.missions[:1] == gold_missions[:1]),
            "people_f1": set_f1([p.replace(" ", "") for p in r.people],
                                [p.replace(" ", "") for p in label["people"]]),
        }
        if has_headline(label):
            values["title"] = float(title_right(r.title, label["title"]))
        # Held back: not published (quarantined or waiting for review) although a person found a date
        # and a place in it.
        held = r.status != "ok" and bool(label["event_date"]) and bool(label["provinces"])
        misses = []
        if not values["date"]:
            misses.append(f"{name}: date: got {event_date(r)!r} vs {label['event_date']!r}")
        if not values["main_province"]:
            misses.append(f"{name}: main_province: got {r.provinces!r} vs {label['provinces']!r}")
        if values.get("title") == 0:
            misses.append(f"{name}: title: got {r.title!r}")
        if values["missions_f1"] < 1:
            misses.append(f"{name}: missions {r.missions} vs {gold_missions}")
        if values["people_f1"] < 1:
            misses.append(f"{name}: people {r.people} vs {label['people']}")
        if held:
            misses.append(f"{name}: held back: {r.error}")
        out.append(FileScore(name, fold_of(name, names, k), values, held, misses))
    return out


def aggregate(files: list[FileScore]) -> dict[str, float]:
    """Mean of each field over the files that score it; "held_back" is a count, "n" the file count."""
    scores: dict[str, float] = {}
    for key in FIELDS:
        vals = [f.values[key] for f in files if key in f.values]
        scores[key] = sum(vals) / len(vals) if vals else float("nan")
    scores["held_back"] = sum(f.held_back for f in files)
    scores["n"] = len(files)
    scores["n_title"] = sum("title" in f.values for f in files)
    return scores


def score(eval_dir: Path, folds: list[int] | None = None, k: int = DEFAULT_FOLDS) -> tuple[dict[str, float], list[str]]:
    """Scores of the whole set (or of the folds named) and the misses behind them."""
    files = [f for f in score_files(eval_dir, k) if folds is None or f.fold in folds]
    return aggregate(files), [m for f in files for m in f.misses]


def _cell(key: str, value: float) -> str:
    return f"{int(value):5d}" if key in ("held_back", "n", "n_title") else f"{value:5.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--folds", type=int, default=DEFAULT_FOLDS, metavar="K", help="number of folds (5)")
    parser.add_argument("--fold", type=int, action="append", metavar="I",
                        help="score only fold I (0..K-1); repeat for several")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss of what is scored")
    args = parser.parse_args(argv)
    if args.folds < 1 or any(not 0 <= i < args.folds for i in args.fold or []):
        parser.error(f"--fold must be between 0 and {args.folds - 1}")
    files = score_files(args.eval_dir, args.folds)
    chosen = [f for f in files if args.fold is None or f.fold in args.fold]
    whole = aggregate(chosen)
    label = "all" if args.fold is None else "fold " + "+".join(map(str, sorted(set(args.fold))))
    targets = TARGETS if args.eval_dir.resolve() != (ROOT / "tests" / "eval_constructed").resolve() else REGRESSION_TARGETS
    columns = [label] + ([f"f{i}" for i in range(args.folds)] if args.fold is None else [])
    per_fold = [whole] + ([aggregate([f for f in files if f.fold == i]) for i in range(args.folds)]
                          if args.fold is None else [])
    print(f"{'':16}" + "".join(f"{c:>7}" for c in columns) + "  target")
    for key in FIELDS + ("held_back", "n", "n_title"):
        target = MAX_HELD_BACK if key == "held_back" else targets.get(key)
        if target is None:
            mark = ""
        elif key == "held_back":
            mark = "  ok" if whole[key] <= target else f"  ABOVE {target}"
        else:
            mark = "  ok" if whole[key] >= target else f"  BELOW {target:.2f}"
        print(f"{key:16}" + "".join(f"  {_cell(key, s[key])}" for s in per_fold) + mark)
    if args.verbose:
        print("\n".join(m for f in chosen for m in f.misses))
    met = all(whole[k] >= t for k, t in targets.items()) and whole["held_back"] <= MAX_HELD_BACK
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
