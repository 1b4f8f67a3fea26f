"""Related articles: same province or mission, most shared tags, closest in time.

Linear in the number of articles: each article scores only a bounded set of candidates (its
neighbours in time inside each of its province and mission groups, plus the articles of those
groups sharing one of its rarer tags), never the whole archive.
"""
from __future__ import annotations

import heapq
from collections import defaultdict

WINDOW = 6  # neighbours on each side, per group
RARE_TAG = 40  # a tag on more articles than this says little about relatedness


def related_articles(articles, groups, k: int = 5) -> dict[int, list]:
    """Map id(article) -> up to k related articles.

    ``articles`` is the archive newest first; ``groups`` is an iterable of article lists (each newest
    first), one per province and per mission.
    """
    index = {id(a): i for i, a in enumerate(articles)}
    tags = [frozenset(str(t) for t in (getattr(a, "tags", None) or ())) for a in articles]
    member_of = [[] for _ in articles]  # article -> [(group as indices, position in it)]
    group_sets = [set() for _ in articles]  # article -> ids of its groups
    for number, group in enumerate(groups):
        members = [index[id(a)] for a in group]
        for position, i in enumerate(members):
            member_of[i].append((members, position))
            group_sets[i].add(number)
    by_tag = defaultdict(list)
    for i, names in enumerate(tags):
        for name in names:
            by_tag[name].append(i)

    result = {}
    for i, article in enumerate(articles):
        candidates = set()
        for members, position in member_of[i]:
            candidates.update(members[max(0, position - WINDOW): position + WINDOW + 1])
        mine = group_sets[i]
        for name in tags[i]:
            posting = by_tag[name]
            if len(posting) <= RARE_TAG:
                candidates.update(j for j in posting if not mine.isdisjoint(group_sets[j]))
        candidates.discard(i)
        my_tags = tags[i]
        best = heapq.nsmallest(k, candidates, key=lambda j: (-len(my_tags & tags[j]), abs(j - i), j))
        result[id(article)] = [articles[j] for j in best]
    return result
