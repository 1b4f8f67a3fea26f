"""The normaliser meets the ingest targets on the labelled development set (../shared/eval) and
on the project's own constructed set (tests/eval_constructed)."""
from pathlib import Path

import pytest
from conftest import SHARED

from eval_normalize import TARGETS, score



@pytest.mark.skipif(not (SHARED / "eval" / "labels.json").exists(),
                    reason="the development set lives in ../shared/eval (developers and CI)")
def test_development_set_targets():
    scores, misses = score(SHARED / "eval")
    for key, target in TARGETS.items():
        assert scores[key] >= target, (key, scores[key], misses)


def test_constructed_set_targets():
    scores, misses = score(Path(__file__).parent / "eval_constructed")
    for key, target in TARGETS.items():
        assert scores[key] >= target, (key, scores[key], misses)
