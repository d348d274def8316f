"""The repository stands on its own: no file points outside it, it says its licence, and
`make run` serves where it is told to, with the links it prints and e-mails following."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Paths of the workspace the project was first written in, which a clone does not have.
# They are spelled in pieces here, so this file does not name them itself.
_SHARED, _WORK = "sha" + "red", "wo" + "rk"
_NOTES = ("METH" + "OD", "QUAL" + "ITY", "STY" + "LE")
OUTSIDE = re.compile(
    rf"\.\./{_SHARED}\b|(?<![\w.-])/{_WORK}/|\b{_SHARED}/\w|\b(?:{'|'.join(_NOTES)})\.md\b"
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
        f"The method is in `../{_SHARED}/{_NOTES[0]}.md`.",
        f"(see /{_WORK}/{_SHARED}/{_NOTES[1]}.md)",
        f"each figure beside its {_NOTES[1]}.md target",
        f"as in {_SHARED}/{_NOTES[2]}.md",
    ):
        assert OUTSIDE.search(line), line
    for line in ("see docs/quality.md", f"the values are {_SHARED}/ by all", f"build/{_WORK}/x"):
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


def _make_run(tmp_path: Path, *args: str, env: dict | None = None) -> list[str]:
    """What `make run ARGS` hands each command it runs: a stand-in `python` prints its
    arguments and the SITE_ROOT it got, in a virtualenv that counts as installed."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    venv, bin_dir = tmp_path / "venv", tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    python.write_text('#!/bin/sh\necho "python $* SITE_ROOT=$SITE_ROOT"\n')
    python.chmod(0o755)
    # The Makefile's install stamp, named after pyproject.toml's checksum, as `make` names it.
    checksum = subprocess.run(  # noqa: S603 (fixed arguments)
        [shutil.which("cksum") or "cksum", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    venv.mkdir()
    (venv / f".installed-{checksum}").touch()
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_ROOT", "HOST", "PORT")}
    result = subprocess.run(  # noqa: S603 (our own arguments)
        [make, "--no-print-directory", "-s", "run", f"VENV={venv}", f"BIN={bin_dir}", *args],
        cwd=ROOT,
        env=clean | (env or {}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _line_running(lines: list[str], command: str) -> str:
    matching = [line for line in lines if command in line]
    assert len(matching) == 1, lines
    return matching[0]


def test_make_run_serves_on_the_given_port_with_the_links_following(tmp_path):
    lines = _make_run(tmp_path, "PORT=8123")

    assert "runserver 127.0.0.1:8123 " in _line_running(lines, "runserver")
    for command in ("manage.py demo", "manage.py runserver"):
        assert _line_running(lines, command).endswith("SITE_ROOT=http://127.0.0.1:8123")
    assert "Open http://127.0.0.1:8123 " in _line_running(lines, "Open")


def test_make_run_serves_on_the_given_host_and_keeps_a_site_root_that_is_set(tmp_path):
    lines = _make_run(tmp_path, "HOST=0.0.0.0", env={"SITE_ROOT": "http://192.168.1.5:8000"})

    assert "runserver 0.0.0.0:8000 " in _line_running(lines, "runserver")
    for command in ("manage.py demo", "manage.py runserver"):
        assert _line_running(lines, command).endswith("SITE_ROOT=http://192.168.1.5:8000")


def test_make_run_ignores_a_host_the_shell_exports_for_itself(tmp_path):
    # tcsh exports HOST as the machine's name; that is not where to serve.
    lines = _make_run(tmp_path, env={"HOST": "workstation", "PORT": "1"})

    assert "runserver 127.0.0.1:8000 " in _line_running(lines, "runserver")
    assert _line_running(lines, "manage.py demo").endswith("SITE_ROOT=http://127.0.0.1:8000")


def test_the_settings_take_the_site_root_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_ROOT)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"DJANGO_SETTINGS_MODULE": "philosophy.settings", "SITE_ROOT": "http://127.0.0.1:8123/"}
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr
