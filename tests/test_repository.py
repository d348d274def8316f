"""The repository stands on its own: no file points outside it, and it says its licence."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Paths of the workspace the project was first written in, which a clone does not have.
OUTSIDE = re.compile(
    r"\.\./shared\b|(?<![\w.-])/work/|\bshared/\w|\b(?:METHOD|QUALITY|STYLE)\.md\b"
)


def _tracked_text_files() -> list[Path]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no list of tracked files")
    listed = subprocess.run(  # noqa: S603 (fixed arguments)
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    files = []
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree, not yet in the index
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary: compiled catalogues, pictures
        files.append(path)
    return files


def test_no_tracked_file_refers_to_a_path_outside_the_repository():
    files = _tracked_text_files()
    found = []
    for path in files:
        if path == Path(__file__).resolve():
            continue  # this file names the patterns it looks for
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
    # What the references point to instead is in the repository.
    assert {"README.md", "docs/method.md", "docs/architecture.md", "docs/quality.md"} <= {
        str(path.relative_to(ROOT)) for path in files
    }


def test_the_pattern_catches_the_references_it_is_meant_for():
    for line in (
        "The method is in `../shared/METHOD.md`.",
        "(see /work/shared/QUALITY.md)",
        "each figure beside its QUALITY.md target",
        "as in shared/STYLE.md",
    ):
        assert OUTSIDE.search(line), line
    for line in ("see docs/quality.md", "the values are shared/ by all", "build/work/x"):
        assert not OUTSIDE.search(line), line


def test_the_readme_links_the_docs_and_the_licence():
    readme = (ROOT / "README.md").read_text()
    for target in (
        "docs/method.md",
        "docs/architecture.md",
        "docs/quality.md",
        "docs/licences.md",
        "LICENSE",
    ):
        assert f"]({target})" in readme, target
        assert (ROOT / target).is_file(), target
    assert "SPDX-License-Identifier: AGPL-3.0-or-later" in readme


def test_the_licence_is_the_gnu_agpl_version_3_and_the_package_says_or_later():
    text = (ROOT / "LICENSE").read_text()
    assert text.splitlines()[:2] == [
        "                    GNU AFFERO GENERAL PUBLIC LICENSE",
        "                       Version 3, 19 November 2007",
    ]
    assert text.rstrip().endswith("<https://www.gnu.org/licenses/>.")
    assert "END OF TERMS AND CONDITIONS" in text and len(text.splitlines()) == 661
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'license = "AGPL-3.0-or-later"' in pyproject
