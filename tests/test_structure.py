"""The shape of the house (issue 12): data flows one way, and the rules of that flow are checked here.

- only the Thai module (plugins/cdd_thai) imports pythainlp or nlpo3: one tokeniser for tags, search
  and ingest;
- plugins never import scripts (the build does not depend on the command-line tools);
- scripts and benchmarks never import test code (what they share with tests lives in scripts/);
- the project is an installed package: nothing edits sys.path, the tools are imported as the package
  ``scripts`` (``from scripts import normalize``), never by a bare name that only works from scripts/;
- every script answers --help, and every command of pyproject.toml (cdd-normalize, ...) is a script's
  main; ruff (pyflakes, bugbear, a complexity cap, no print in plugins) passes.
"""
from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGINS, SCRIPTS, TESTS = ROOT / "plugins", ROOT / "scripts", ROOT / "tests"


def sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


@functools.lru_cache(maxsize=None)
def nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of the file's syntax tree, parsed once per session: four checks walk the ~300 files."""
    return tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))


def imported(path: Path) -> set[str]:
    """Top-level names of every module the file imports (relative imports are the file's own package)."""
    names = set()
    for node in nodes(path):
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
    found = ((p, imported(p) & forbidden) for p in files)
    return [f"{p.relative_to(ROOT)} imports {sorted(names)}" for p, names in found if names]


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
    assert not offenders(sources(PLUGINS), scripts | {"scripts"})


def python_files() -> list[Path]:
    """The project's Python files: the settings at the top and every folder of code (not .venv,
    node_modules or the untracked output, cache and raw archive)."""
    return sorted({*ROOT.glob("*.py"), *(p for folder in ("docs", "plugins", "scripts", "tests")
                                         for p in sources(ROOT / folder))})


def sys_path_uses(path: Path) -> list[int]:
    """Lines of ``path`` that touch sys.path (``sys.path.insert``, ``sys.path[:0] = ...``, ``from sys import path``)."""
    return sorted({node.lineno for node in nodes(path)
                   if isinstance(node, ast.Attribute) and node.attr == "path"
                   and isinstance(node.value, ast.Name) and node.value.id == "sys"
                   or isinstance(node, ast.ImportFrom) and node.module == "sys"
                   and any(alias.name == "path" for alias in node.names)})


def test_sys_path_uses_finds_every_form(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import sys\nsys.path.insert(0, 'x')\nsys.path[:0] = ['y']\nfrom sys import path\n"
                     "print(sys.argv)\ntext = 'sys.path'\n", encoding="utf-8")
    assert sys_path_uses(probe) == [2, 3, 4]


def test_nothing_edits_sys_path():
    """The plugins and the tools are packages of the installed project (pyproject.toml, make setup):
    Pelican imports the plugins by name, a script imports its siblings as ``scripts.X``."""
    files = python_files()
    assert ROOT / "pelicanconf.py" in files and SCRIPTS / "normalize.py" in files
    assert not [f"{p.relative_to(ROOT)}:{line}" for p in files for line in sys_path_uses(p)]


def test_scripts_are_imported_as_the_package_scripts():
    """``import normalize`` works only when scripts/ happens to be the running script's folder;
    ``from scripts import normalize`` works from anywhere (tests, entry points, python -m)."""
    bare = modules_of(SCRIPTS) - {"__init__"}
    assert {"normalize", "ingest", "scraper"} <= bare
    assert not offenders(python_files(), bare)


def test_scripts_and_benchmarks_never_import_test_code():
    tests = modules_of(TESTS)
    assert "conftest" in tests
    assert not offenders(sources(SCRIPTS), tests)


SCRIPT_FILES = sorted(p for p in SCRIPTS.glob("*.py") if "__main__" in p.read_text(encoding="utf-8"))


def test_every_command_is_the_main_of_a_script():
    """pyproject.toml's [project.scripts] (cdd-normalize, ...): each names the main() of a script that
    test_every_script_answers_help runs, so every command answers --help too."""
    import tomllib

    commands = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert {"cdd-normalize", "cdd-review", "cdd-validate", "cdd-build", "cdd-serve", "cdd-edit"} <= set(commands)
    for command, target in commands.items():
        module, _, function = target.partition(":")
        path = ROOT / (module.replace(".", "/") + ".py")
        assert module.startswith("scripts.") and function == "main" and path in SCRIPT_FILES, (command, target)
        defined = {node.name for node in ast.parse(path.read_text(encoding="utf-8")).body
                   if isinstance(node, ast.FunctionDef)}
        assert "main" in defined, (command, target)
        assert command == "cdd-" + path.stem.replace("_", "-"), (command, target)


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
