"""Shared test set-up: import paths, offline pythainlp, and paths to the data sets."""
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parent.parent
for sub in ("plugins", "scripts"):
    path = str(ROOT / sub)
    if path not in sys.path:
        sys.path.insert(0, path)

SHARED = ROOT.parent / "shared"  # present in CI and for developers, not for users
SEEDS = ROOT / "raw" / "seeds"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.md from the normaliser's current output")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")
