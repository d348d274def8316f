"""Template mistakes a user would see on the page."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_no_comment_spills_onto_the_page():
    # Django's {# … #} ends with its line: a comment over two lines is printed as text.
    spilling = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.count("{#") != line.count("#}")
    ]
    assert spilling == []
