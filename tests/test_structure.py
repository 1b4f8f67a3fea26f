"""The shape of the house (issue 12): data flows one way, and the rules of that flow are checked here.

- only the Thai module (plugins/cdd_thai) imports pythainlp or nlpo3: one tokeniser for tags, search
  and ingest;
- plugins never import scripts (the build does not depend on the command-line tools);
- scripts and benchmarks never import test code (what they share with tests lives in scripts/);
- every script answers --help; ruff (pyflakes, bugbear, a complexity cap, no print in plugins) passes.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGINS, SCRIPTS, TESTS = ROOT / "plugins", ROOT / "scripts", ROOT / "tests"


def sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> set[str]:
    """Top-level names of every module the file imports (relative imports are the file's own package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules_of(folder: Path) -> set[str]:
    """The importable names a folder puts on the path: its modules and packages."""
    return {p.stem for p in folder.glob("*.py")} | {p.name for p in folder.iterdir()
                                                     if p.is_dir() and (p / "__init__.py").exists()}


def offenders(files: list[Path], forbidden: set[str]) -> list[str]:
    return [f"{p.relative_to(ROOT)} imports {sorted(imported(p) & forbidden)}"
            for p in files if imported(p) & forbidden]


def test_imported_reads_plain_dotted_and_from_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import os.path\nfrom pythainlp.tokenize import word_tokenize\nfrom . import sibling\n"
                     "def f():\n    import normalize\n", encoding="utf-8")
    assert imported(probe) == {"os", "pythainlp", "normalize"}


def test_only_the_thai_module_imports_pythainlp_or_nlpo3():
    files = [p for p in sources(PLUGINS) + sources(SCRIPTS) if PLUGINS / "cdd_thai" not in p.parents]
    assert not offenders(files, {"pythainlp", "nlpo3"})


def test_plugins_never_import_scripts():
    scripts = modules_of(SCRIPTS) - modules_of(PLUGINS)
    assert scripts, "scripts/ has no modules?"
    assert not offenders(sources(PLUGINS), scripts)


def test_scripts_and_benchmarks_never_import_test_code():
    tests = modules_of(TESTS)
    assert "conftest" in tests
    assert not offenders(sources(SCRIPTS), tests)


SCRIPT_FILES = sorted(p for p in SCRIPTS.glob("*.py") if "__main__" in p.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_FILES, ids=lambda p: p.name)
def test_every_script_answers_help(script):
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("usage:"), done.stdout[:500]


@pytest.mark.slow
def test_ruff_passes():
    """pyproject.toml's [tool.ruff] rules over the whole tree."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
