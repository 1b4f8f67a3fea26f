"""The normaliser and the whole build run with the network cut off (nothing is downloaded)."""
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, SEEDS

NO_NETWORK = textwrap.dedent("""
    import runpy, socket, sys
    def refuse(*args, **kwargs):
        raise OSError("network access attempted during an offline run")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__") if sys.argv[0].endswith(".py") else runpy.run_module(sys.argv[0], run_name="__main__")
""")


def offline(tmp_path, *args):
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "HOME": str(tmp_path / "home")}
    (tmp_path / "home").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-c", NO_NETWORK, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.build
def test_normalise_and_build_offline(tmp_path):
    done = offline(tmp_path, str(ROOT / "scripts" / "normalize.py"), "-o", str(tmp_path / "content" / "articles"),
                   str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert "network access attempted" not in done.stderr
    built = offline(tmp_path, "pelican", str(tmp_path / "content"), "-o", str(tmp_path / "out"),
                    "-s", str(ROOT / "pelicanconf.py"))
    assert built.returncode == 0, built.stdout + built.stderr
    assert "network access attempted" not in built.stdout + built.stderr
    assert len(list((tmp_path / "out" / "news").rglob("index.html"))) == 5
    # pythainlp read-only: it created no data folder in the home directory
    assert not (tmp_path / "home" / "pythainlp-data").exists()
