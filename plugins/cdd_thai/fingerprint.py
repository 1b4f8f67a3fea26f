"""One fingerprint of the Thai module, for every cache of what it computes (tags, search tokens,
incremental pages).

Every file of the module counts, code and data alike: a hand-kept list of "model files" forgot
data/districts.tsv and dates.py, which change the tokeniser's dictionary and the dates, and two
plugins kept two different lists. So do the versions of pythainlp (its word list) and nlpo3 (the
segmenter).
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

MODULE_DIR = Path(__file__).resolve().parent
PACKAGES = ("pythainlp", "nlpo3")


def _module_files(module_dir: Path) -> list[Path]:
    """Every file of the module except Python's byte-code caches."""
    return sorted(path for path in module_dir.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")


def package_versions() -> dict[str, str]:
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "-"
    return versions


def fingerprint(module_dir: Path = MODULE_DIR) -> str:
    """A hash of every file under ``module_dir`` (names and bytes) and of the package versions.
    Reads ~200 KB: cheap enough to compute at every build, so it is never stale within a process."""
    module_dir = Path(module_dir)
    digest = hashlib.sha1()
    for path in _module_files(module_dir):
        name = path.relative_to(module_dir).as_posix().encode()
        data = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))  # lengths: no two file sets collide
        digest.update(data)
    for package, version in package_versions().items():
        digest.update(f"{package}={version}\0".encode())
    return digest.hexdigest()
