"""Word cloud rendering: the ranked counts of surveys.text drawn as SVG or PNG.

The `wordcloud` package only places the words; the SVG is written here, from its layout,
because its own `to_svg` uses a `<style>` element and `style` attributes, which a strict
Content-Security-Policy blocks when the SVG is inlined in a page. Ours has presentation
attributes only, and no reference to anything outside itself.

Layout costs about words × pixels, so it is computed at half the size and drawn at twice
the scale: 200 words take about 75 ms instead of 270 ms at full size, and the words it drops
(under MIN_FONT_SIZE) would be unreadable anyway. The ranked table beside the cloud is
the text alternative and lists every word.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

import wordcloud
from PIL import Image, ImageDraw, ImageFont

from surveys.text import WordCount

# Droid Sans Mono ships with `wordcloud` (Apache License 2.0) and covers Romanian: ș ț
# (U+0218–U+021B), ă â î (U+0102/0103, U+00C2/00E2, U+00CE/00EE) and the legacy ş ţ.
# The SVG names it first; browsers without it fall back to another monospace font, and
# textLength keeps every word the width the layout gave it.
FONT_PATH = Path(wordcloud.__file__).with_name("DroidSansMono.ttf")
FONT_FAMILY = "'Droid Sans Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace"

BACKGROUND = "#ffffff"
# Dark colours of distinct hues, each at least 6:1 against white (WCAG AA asks 4.5:1).
PALETTE = (
    "#1f4e79",  # navy
    "#a23b00",  # rust
    "#2e6b30",  # green
    "#7b2d8b",  # purple
    "#00606b",  # teal
    "#b03060",  # raspberry
    "#6b5300",  # olive
    "#3d4a5c",  # slate
)

MAX_WORDS = 200
MAX_SIZE = 4000  # px, either side
MAX_FONT_SIZE = 72  # px in the output
MIN_FONT_SIZE = 10
PREFER_HORIZONTAL = 0.9
RANDOM_STATE = 20240601  # any fixed number: the same counts give the same picture
LAYOUT_SCALE = 2

# Everything that changes the picture besides the counts: part of the cache key, so a
# change here never serves a stale cloud.
_RENDER_SETTINGS = (
    "surveys.cloud/1",
    wordcloud.__version__,
    MAX_WORDS,
    FONT_PATH.name,
    PALETTE,
    BACKGROUND,
    MAX_FONT_SIZE,
    MIN_FONT_SIZE,
    PREFER_HORIZONTAL,
    RANDOM_STATE,
    LAYOUT_SCALE,
)

# Characters XML 1.0 does not allow, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class _Placed:
    text: str
    font_size: int  # px in the output
    left: int  # top-left corner of the word's box, px in the output
    top: int
    vertical: bool  # reads bottom to top
    colour: str


def render_svg(
    frequencies: list[WordCount], *, width: int = 800, height: int = 400, title: str | None = None
) -> str:
    """The cloud as a self-contained SVG document.

    With a `title` (already translated) the SVG is an image with that accessible name;
    without, it is hidden from assistive technology, for a page that shows the ranked
    table as its text alternative.
    """
    if title:
        label = f'role="img" aria-label="{_attribute(title)}"><title>{_text(title)}</title>'
    else:
        label = 'aria-hidden="true">'
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' font-family="{_attribute(FONT_FAMILY)}" {label}'
    ]
    parts.append(f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>')
    for word in _layout(_words(frequencies), width, height):
        font = _font(word.font_size)
        ascent, _descent = font.getmetrics()
        ink_left, ink_top, ink_right, _bottom = font.getbbox(word.text, anchor="la")
        length = font.getlength(word.text)
        # PIL drew the word's ink box at (left, top); SVG wants the pen's baseline origin.
        if word.vertical:
            x, y = word.left + ascent - ink_top, word.top + ink_right
            position = f'transform="translate({x} {y}) rotate(-90)"'
        else:
            x, y = word.left - ink_left, word.top + ascent - ink_top
            position = f'x="{x}" y="{y}"'
        parts.append(
            f'<text {position} font-size="{word.font_size}" fill="{word.colour}"'
            f' textLength="{length:.1f}" lengthAdjust="spacingAndGlyphs">'
            f"{_text(word.text)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def render_png(frequencies: list[WordCount], *, width: int = 800, height: int = 400) -> bytes:
    """The cloud as a PNG image (for exports)."""
    _check_size(width, height)
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for word in _layout(_words(frequencies), width, height):
        # Through TransposedFont even when upright, as wordcloud draws: the word's ink
        # box, not its ascender line, then starts at the layout's corner.
        orientation = Image.Transpose.ROTATE_90 if word.vertical else None
        font = ImageFont.TransposedFont(_font(word.font_size), orientation=orientation)
        draw.text((word.left, word.top), word.text, fill=word.colour, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def cloud_cache_key(
    frequencies: list[WordCount], width: int, height: int, *, title: str | None = None
) -> str:
    """A hash of everything the picture depends on: cache a rendering under it."""
    content = [_RENDER_SETTINGS, width, height, title, _words(frequencies)]
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def _words(frequencies: list[WordCount]) -> tuple[tuple[str, int], ...]:
    """(text, count) of the MAX_WORDS most frequent words, positive counts only, one
    entry per text; equal counts keep the given order."""
    counts: dict[str, int] = {}
    for word in frequencies:
        # One line of printable text: XML and the text layout engine refuse the rest.
        text = " ".join(_XML_INVALID.sub("", word.text).split())
        if text and word.count > 0:
            counts[text] = counts.get(text, 0) + word.count
    return tuple(sorted(counts.items(), key=lambda item: -item[1])[:MAX_WORDS])


def _check_size(width: int, height: int) -> None:
    if not (1 <= width <= MAX_SIZE and 1 <= height <= MAX_SIZE):
        raise ValueError(f"A word cloud is 1 to {MAX_SIZE} px wide and high.")


@lru_cache(maxsize=16)
def _layout(words: tuple[tuple[str, int], ...], width: int, height: int) -> tuple[_Placed, ...]:
    """Where each word goes. Cached, so an SVG and a PNG of one cloud share the work."""
    _check_size(width, height)
    if not words:
        return ()
    scale = LAYOUT_SCALE
    cloud = wordcloud.WordCloud(
        width=max(width // scale, 1),
        height=max(height // scale, 1),
        font_path=str(FONT_PATH),
        max_words=len(words),
        max_font_size=MAX_FONT_SIZE // scale,
        min_font_size=MIN_FONT_SIZE // scale,
        prefer_horizontal=PREFER_HORIZONTAL,
        random_state=RANDOM_STATE,
        color_func=_colour,
        background_color=BACKGROUND,
    )
    cloud.generate_from_frequencies(dict(words))
    return tuple(
        _Placed(
            text=text,
            font_size=int(font_size) * scale,
            left=int(column) * scale,
            top=int(row) * scale,
            vertical=orientation is not None,
            colour=colour,
        )
        for (text, _frequency), font_size, (row, column), orientation, colour in cloud.layout_
    )


def _colour(word: str, **_kwargs: object) -> str:
    # By the word, not at random, so a word keeps its colour when the counts change.
    return PALETTE[zlib.crc32(word.encode()) % len(PALETTE)]


@lru_cache(maxsize=256)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size)


def _text(value: str) -> str:
    # Quotes need no escaping in element content, but escaping them costs nothing and
    # keeps one rule for text and attributes.
    return escape(_XML_INVALID.sub("", value), quote=True)


_attribute = _text
