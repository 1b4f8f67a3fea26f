"""Queries that name a province or a mission lead to its page (issue 13, item 3).

What a name means is decided here, at build time, by the Thai module alone
(``cdd_thai.provinces.province_by_name`` for names, short forms such as โคราช and the จ./จังหวัด
prefixes; ``score_provinces`` for the department's office abbreviations such as พช.ขก. and
สพจ.ขก.; ``cdd_thai.missions`` for mission slugs and names). Every form it reads is written to
``names.json.gz`` under its key, so search-core.js only looks the query's key up: there is no second
reading of names in JavaScript.

File: ``{"p": {key: province index}, "m": {key: mission index}}`` (indexes into meta.json's
``provinces`` and ``missions``). The key of a text is ``name_key``: the normalised text without
whitespace and full stops (so "พช.ขก." and "พช.ขก" are one key).
"""
from __future__ import annotations

from .index import prepare

PREFIXES = ("", "จ.", "จังหวัด")
OFFICES = ("สพจ.", "พช.")  # provincial community development offices, with the 2-letter abbreviation


def name_key(text: str, normalize) -> str:
    """search-core.js nameKey() is the same."""
    return "".join(prepare(text, normalize).split()).replace(".", "")


def resolve_name(text: str):
    """("province", Province) or ("mission", Mission) when the whole text names one, else None."""
    from cdd_thai import missions, provinces

    province = provinces.province_by_name(text) or provinces.province_by_slug("-".join(text.lower().split()))
    if province is not None:
        return "province", province
    mission = missions.mission_by_slug(text)
    if mission is None:
        folded = " ".join(text.split()).lower()
        mission = next((m for m in missions.MISSIONS
                        if folded in (" ".join(m.name_th.split()).lower(), m.name_en.lower())), None)
    if mission is not None:
        return "mission", mission
    if any(text.startswith(office) for office in OFFICES):
        # the province the Thai module reads first ("พช.พล." is Phitsanulok's office before the
        # Phon district office of Khon Kaen, as in find_event_provinces)
        read = provinces.score_provinces(text, "")
        best = [name for name, score in read.items() if score == max(read.values())]
        if len(best) == 1:
            return "province", provinces.province_by_name(best[0])
    return None


def candidates():
    """The forms worth asking resolve_name about: each name, alias and abbreviation."""
    from cdd_thai import missions, provinces

    for province in provinces.ALL:
        forms = [province.name_th, *(a for a, name in provinces.ALIASES.items() if name == province.name_th)]
        for form in forms:
            yield from (prefix + form for prefix in PREFIXES)
        if province.abbr_th:
            yield from (office + province.abbr_th + "." for office in OFFICES)
        yield province.name_en
    for mission in missions.MISSIONS:
        yield from (mission.slug, mission.name_th, mission.name_en)


def names_file(normalize) -> dict:
    """The names file: every form the Thai module reads, by key."""
    from cdd_thai import missions, provinces

    p_index = {p.slug: i for i, p in enumerate(provinces.ALL)}
    m_index = {m.slug: i for i, m in enumerate(missions.MISSIONS)}
    out: dict[str, dict[str, int]] = {"p": {}, "m": {}}
    for form in candidates():
        found = resolve_name(form)
        key = name_key(form, normalize)
        if found is None or len(key) < 2:
            continue
        kind, item = found
        table, index = (out["p"], p_index) if kind == "province" else (out["m"], m_index)
        table.setdefault(key, index[item.slug])
    return {kind: dict(sorted(table.items())) for kind, table in out.items()}


def query_keys(query: str, normalize) -> list[str]:
    """The keys a query is looked up by: the whole of it, then each of its words."""
    from .query import parse_query

    phrase, words = parse_query(query, normalize)
    return list(dict.fromkeys(k for k in (w.replace(".", "") for w in [phrase, *words]) if len(k) >= 2))


def lookup(names: dict, keys: list[str]) -> list[tuple[str, int]]:
    """The pages the keys name, in order, each once (search-core.js namedPages() is the same)."""
    out: list[tuple[str, int]] = []
    for key in keys:
        for kind in ("p", "m"):
            if key in names[kind] and (kind, names[kind][key]) not in out:
                out.append((kind, names[kind][key]))
    return out
