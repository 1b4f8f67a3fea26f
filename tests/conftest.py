"""Shared test set-up: offline pythainlp, paths to the data sets, the one isolation
of Pelican's signals (autouse), and the test tiers (unit by default; build, net, browser, slow marked;
`--check-tiers` enforces it)."""
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parent.parent

SHARED = ROOT.parent / "shared"  # present in CI and for developers, not for users
SEEDS = ROOT / "raw" / "seeds"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.md from the normaliser's current output")
    parser.addoption("--check-tiers", action="store_true",
                     help="fail unmarked (unit) tests that start a process, open a socket or build with Pelican")


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


def _signals():
    import blinker
    from pelican.plugins import signals

    return [s for s in vars(signals).values() if isinstance(s, blinker.Signal)]


def _clear(signal) -> None:
    signal.receivers.clear(), signal._by_receiver.clear(), signal._by_sender.clear()
    signal._weak_senders.clear()


def _drop_project_receivers(signal) -> None:
    import weakref

    for ref in list(signal.receivers.values()):
        receiver = ref() if isinstance(ref, weakref.ref) else ref
        module = getattr(receiver, "__module__", "") or ""
        if receiver is not None and module.startswith(PROJECT_PLUGINS):
            signal.disconnect(receiver)


@pytest.fixture(autouse=True)
def isolated_pelican_signals():
    """Each test's builds see only the plugins their settings load. Pelican connects plugins to
    process-wide blinker signals and never disconnects them, so a build would otherwise also run
    the receivers of every earlier build (say, autotags in a build without plugins).
    During a test no receiver from before it is connected; afterwards the signals are as before,
    less our plugins' handlers, so a module-scoped build fixture set up before the next test
    starts clean too. (Uses blinker 1.9's bookkeeping attributes, copied and restored as a whole.)"""
    saved = []
    for signal in _signals():
        saved.append((signal, (dict(signal.receivers), {k: set(v) for k, v in signal._by_receiver.items()},
                               {k: set(v) for k, v in signal._by_sender.items()}, dict(signal._weak_senders))))
        _clear(signal)
    yield
    for signal, (receivers, by_receiver, by_sender, weak_senders) in saved:
        _clear(signal)
        signal.receivers.update(receivers), signal._by_receiver.update(by_receiver)
        signal._by_sender.update(by_sender), signal._weak_senders.update(weak_senders)
        _drop_project_receivers(signal)


# Test tiers. A test without one of these markers is a unit test: no subprocess, no socket, no
# Pelican build (hence no Java checker), a fraction of a second. `--check-tiers` fails a unit test
# that does one of these anyway, naming what it did, so the fast tier stays fast.
HEAVY_MARKERS = ("build", "net", "browser", "slow")


class _TierWatch:
    def __init__(self):
        self.seen: list[str] = []
        self.undo: list = []

    def wrap(self, owner, name, label):
        original = getattr(owner, name)

        def watched(*args, **kwargs):
            first = args[1] if len(args) > 1 else next(iter(kwargs.values()), "")
            self.seen.append(f"{label} {_shown(first)}")
            return original(*args, **kwargs)

        setattr(owner, name, watched)
        self.undo.append((owner, name, original))

    def install(self):
        import socket
        import subprocess

        from pelican import Pelican

        self.wrap(subprocess.Popen, "__init__", "subprocess")
        for name in ("connect", "connect_ex", "bind"):
            self.wrap(socket.socket, name, f"socket.{name}")
        self.wrap(Pelican, "run", "Pelican build")

    def uninstall(self):
        for owner, name, original in reversed(self.undo):
            setattr(owner, name, original)


def _shown(value) -> str:
    if isinstance(value, (list, tuple)) and not (len(value) == 2 and isinstance(value[1], int)):
        return " ".join(str(a) for a in value[:3])  # a command line; (host, port) stays as it is
    return str(value)[:60]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if not item.config.getoption("check_tiers") or any(item.get_closest_marker(m) for m in HEAVY_MARKERS):
        return (yield)
    watch = _TierWatch()
    watch.install()
    item._tier_watch = watch
    try:
        return (yield)
    finally:
        watch.uninstall()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    watch = getattr(item, "_tier_watch", None)
    if watch and watch.seen:  # the set-up's fixtures count too: they ran for this test
        kinds = sorted(set(watch.seen))
        pytest.fail(f"unit test (no build/net/browser/slow marker) did: {'; '.join(kinds[:5])}", pytrace=False)
    return result


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through playwright, one for the whole session: a sync playwright keeps an
    event loop running in the main thread, so a second one started beside it (by another module)
    fails with "Sync API inside the asyncio loop". Tests take contexts or pages from this browser."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
