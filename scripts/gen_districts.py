#!/usr/bin/env python3
"""Regenerate plugins/cdd_thai/data/districts.tsv (district -> province) from thai-address-database.

usage: gen_districts.py GEODB_JSON

A developer tool, not run by the build: GEODB_JSON is database/backup/geodb.json from the npm package
thai-address-database 0.0.30 (ISC licence), e.g. after `npm pack thai-address-database@0.0.30`.
The file is word-compressed (jquery.Thailand.js format): capital/small ASCII letters index `words`,
integers index `lookup`.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "plugins" / "cdd_thai" / "data" / "districts.tsv"
HEADER = """# อำเภอ/เขต -> จังหวัด (district -> province) gazetteer.
# Derived from the npm package thai-address-database 0.0.30 (ISC licence, Sellsuki),
# database/backup/geodb.json, decoded by scripts/gen_districts.py. Columns: district<TAB>province.
"""


def decode(db: dict) -> dict[str, set[str]]:
    lookup, words = db["lookup"].split("|"), db["words"].split("|")

    def text(value) -> str:
        value = lookup[value] if isinstance(value, int) else value
        return re.sub(r"[A-Za-z]", lambda m: words[ord(m[0]) - 65 if m[0] < "a" else 26 + ord(m[0]) - 97], value)

    districts: dict[str, set[str]] = {}
    for province in db["data"]:
        for amphoe in province[2]:
            districts.setdefault(text(amphoe[0]), set()).add(text(province[0]))
    return districts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geodb", type=Path)
    args = parser.parse_args(argv)
    districts = decode(json.loads(args.geodb.read_text(encoding="utf-8")))
    rows = [f"{d}\t{p}" for d in sorted(districts) for p in sorted(districts[d])]
    OUT.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
