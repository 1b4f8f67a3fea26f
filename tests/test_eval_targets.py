"""The normaliser on the labelled development set meets the ingest targets (needs ../shared/eval)."""
import pytest
from conftest import SHARED

from eval_normalize import TARGETS, score

pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "labels.json").exists(),
                                reason="the development set lives in ../shared/eval (developers and CI)")


def test_development_set_targets():
    scores, misses = score(SHARED / "eval")
    for key, target in TARGETS.items():
        assert scores[key] >= target, (key, scores[key], misses)
