"""Fetch the browser libraries and fonts of scripts/static_assets.json into static/vendor/.

Each package comes from the npm registry as the tarball its manifest pins, checked against
the registry's sha512 integrity before anything is unpacked; only the listed files are
kept. Run by `make install`; a package already in place at its pinned version is skipped.
"""

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "scripts" / "static_assets.json"
TARGET = ROOT / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org/"


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(name: str, package: dict) -> None:
    # A scoped name (@fontsource/noto-sans) makes one flat stamp file name.
    slug = name.removeprefix("@").replace("/", "+")
    stamp = TARGET / f".{slug}-{package['version']}"
    if stamp.exists() and all((TARGET / dest).exists() for dest in package["files"].values()):
        return
    if not package["tarball"].startswith(REGISTRY):
        sys.exit(f"{name}: packages come from {REGISTRY} only")
    # Only the npm registry over https, checked just above.
    with urllib.request.urlopen(package["tarball"], timeout=60) as response:  # noqa: S310
        data = response.read()
    if _integrity(data) != package["integrity"]:
        sys.exit(f"{name} {package['version']}: the download does not match its pinned integrity")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for source, dest in package["files"].items():
            member = archive.extractfile(source)
            if member is None:
                sys.exit(f"{name} {package['version']}: {source} is not in the package")
            path = TARGET / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(member.read())
    for old in TARGET.glob(f".{slug}-*"):
        old.unlink()
    stamp.touch()
    print(f"fetched {name} {package['version']} ({package['license']})")


def main() -> None:
    packages = json.loads(MANIFEST.read_text())["packages"]
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, package in packages.items():
        fetch(name, package)


if __name__ == "__main__":
    main()
