"""Related articles: same province or mission, most shared tags, closest in time.

Linear in the number of articles: each article scores only a bounded set of candidates (its
neighbours in time inside each of its province and mission groups, plus the articles sharing one of
its rarer tags), never the whole archive.
"""
from __future__ import annotations

import heapq
from collections import defaultdict

WINDOW = 8  # neighbours on each side, per group
RARE_TAG = 60  # a tag on more articles than this says little about relatedness


def _tag_names(article) -> frozenset[str]:
    return frozenset(str(t) for t in (getattr(article, "tags", None) or ()))


def related_articles(articles, groups, k: int = 5) -> dict[int, list]:
    """Map id(article) -> up to k related articles.

    ``articles`` is the archive newest first; ``groups`` is an iterable of article lists (each newest
    first), one per province and per mission.
    """
    position = {id(a): i for i, a in enumerate(articles)}
    tags = {id(a): _tag_names(a) for a in articles}
    memberships = defaultdict(list)  # id(article) -> [(group list, index in it)]
    for group in groups:
        for index, article in enumerate(group):
            memberships[id(article)].append((group, index))
    keys = {id(a): {id(g) for g, _ in memberships[id(a)]} for a in articles}
    by_tag = defaultdict(list)
    for article in articles:
        for tag in tags[id(article)]:
            by_tag[tag].append(article)

    result = {}
    for article in articles:
        me = id(article)
        candidates = {}
        for group, index in memberships[me]:
            for other in group[max(0, index - WINDOW): index + WINDOW + 1]:
                candidates[id(other)] = other
        my_groups = keys[me]
        for tag in tags[me]:
            posting = by_tag[tag]
            if len(posting) <= RARE_TAG:
                for other in posting:
                    if keys[id(other)] & my_groups:
                        candidates[id(other)] = other
        candidates.pop(me, None)
        my_tags, my_pos = tags[me], position[me]
        result[me] = heapq.nsmallest(
            k, candidates.values(),
            key=lambda o: (-len(my_tags & tags[id(o)]), abs(position[id(o)] - my_pos), position[id(o)]),
        )
    return result
