"""The test tiers: `--check-tiers` (tests/conftest.py) fails an unmarked test that starts a process,
opens a socket or runs a Pelican build, and lets marked ones and plain ones pass."""
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).with_name("conftest.py")


def test_the_watch_records_each_call_and_puts_the_originals_back():
    from conftest import _TierWatch

    class Owner:
        def run(self, command, check=True):
            return command

    original = Owner.run
    watch = _TierWatch()
    watch.wrap(Owner, "run", "subprocess")
    assert Owner().run(["python", "-c", "pass", "more"]) == ["python", "-c", "pass", "more"]
    Owner().run(command=("127.0.0.1", 8000))
    assert watch.seen == ["subprocess python -c pass", "subprocess ('127.0.0.1', 8000)"]
    watch.uninstall()
    assert Owner.run is original


@pytest.mark.slow  # runs pytest inside pytest (and a subprocess there)
def test_check_tiers_fails_only_unmarked_heavy_tests(pytester):
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    slow: x\n    build: x\n    net: x\n    browser: x\n")
    pytester.makepyfile(test_inner="""
        import socket, subprocess, sys
        import pytest

        def test_plain():
            assert sum([1, 2]) == 3

        def test_process():
            subprocess.run([sys.executable, "-c", "pass"], check=True)

        def test_socket():
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))

        @pytest.mark.slow
        def test_marked_process():
            subprocess.run([sys.executable, "-c", "pass"], check=True)
    """)
    checked = pytester.runpytest_inprocess("--check-tiers", "-p", "no:cacheprovider")
    checked.assert_outcomes(passed=2, failed=2)
    checked.stdout.fnmatch_lines(["*did: subprocess * -c pass*", "*did: socket.bind (*127.0.0.1*"])
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=4)
