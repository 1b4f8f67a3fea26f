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


@pytest.fixture
def loopback_only(monkeypatch):
    """Refuse, in this process, every connection to an address other than 127.0.0.1."""
    import socket

    original = socket.socket.connect

    def connect(self, address):
        if isinstance(address, tuple) and address[0] != "127.0.0.1":
            raise OSError(f"test guard: connection to {address[0]} refused (127.0.0.1 only)")
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


PROJECT_PLUGINS = ("cdd_", "thai_search")


@pytest.fixture(autouse=True)
def _forget_plugin_signal_handlers():
    """Pelican connects plugins to process-wide signals and never disconnects them, so a build run
    in this process would leave its plugins active in the next build (say one without plugins).
    After each test, our plugins' handlers are disconnected; the next build registers its own."""
    yield
    import weakref

    import blinker
    from pelican.plugins import signals

    for signal in vars(signals).values():
        if not isinstance(signal, blinker.Signal):
            continue
        for ref in list(signal.receivers.values()):
            receiver = ref() if isinstance(ref, weakref.ref) else ref
            module = getattr(receiver, "__module__", "") or ""
            if receiver is not None and module.startswith(PROJECT_PLUGINS):
                signal.disconnect(receiver)
