"""Word cloud rendering: SVG and PNG from ranked counts."""

import io
import xml.etree.ElementTree as ET

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from surveys import cloud_picture
from surveys.text import WordCount, word_frequencies

SVG = "{http://www.w3.org/2000/svg}"

WORDS = [
    WordCount("real person", "real person", 40),
    WordCount("first time", "first time", 35),
    WordCount("customer", "customers", 30),
    WordCount("rapid", "rapide", 20),
    WordCount("încredere", "încredere", 15),
    WordCount("soluție", "soluții", 12),
    WordCount("help", "help", 10),
    WordCount("honest", "honest", 8),
]


@pytest.fixture(autouse=True)
def _fresh_layouts():
    # Each test lays its clouds out itself, so determinism is tested, not the cache.
    cloud_picture._layout.cache_clear()
    yield
    cloud_picture._layout.cache_clear()


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it


def drawn_words(svg):
    root = parse(svg)
    return [element.text for element in root.iter(f"{SVG}text")]


def contrast_with_white(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def test_the_font_covers_romanian_letters():
    cmap = TTFont(cloud_picture.FONT_PATH).getBestCmap()

    for letter in "ȘșȚțĂăÂâÎîŞşŢţ":
        assert ord(letter) in cmap, letter


def test_every_colour_is_readable_on_the_background():
    assert cloud_picture.BACKGROUND == "#ffffff"
    assert all(contrast_with_white(colour) >= 4.5 for colour in cloud_picture.PALETTE)


def test_the_svg_shows_the_top_words():
    words = drawn_words(cloud_picture.render_svg(WORDS))

    assert {"real person", "first time", "customers", "rapide", "încredere"} <= set(words)


def test_the_svg_is_the_same_for_the_same_counts():
    first = cloud_picture.render_svg(WORDS)
    cloud_picture._layout.cache_clear()

    assert cloud_picture.render_svg(WORDS) == first


def test_the_svg_changes_when_the_counts_change():
    changed = [WordCount(w.key, w.text, w.count + (50 if w.key == "help" else 0)) for w in WORDS]

    assert cloud_picture.render_svg(changed) != cloud_picture.render_svg(WORDS)


def test_the_svg_escapes_words():
    words = [WordCount("x", '<b>&"', 50), *WORDS]

    svg = cloud_picture.render_svg(words)

    assert "<b>" not in svg
    assert "&lt;b&gt;&amp;&quot;" in svg
    assert '<b>&"' in drawn_words(svg)


def test_the_svg_drops_characters_xml_cannot_hold_and_keeps_one_line():
    words = [WordCount("x", "nul\x00bell\x07", 50), WordCount("y", "two\r\nlines", 45), *WORDS]

    assert {"nulbell", "two lines"} <= set(drawn_words(cloud_picture.render_svg(words)))


def test_the_svg_refers_to_nothing_outside_itself():
    svg = cloud_picture.render_svg(WORDS, title="Word cloud")

    for forbidden in ("href", "url(", "<style", "style=", "<script", "<image", "<foreignObject"):
        assert forbidden not in svg
    assert svg.count("http") == 1  # the xmlns


def test_a_title_names_the_svg_for_assistive_technology():
    root = parse(cloud_picture.render_svg(WORDS, title='Words & "phrases"'))

    assert root.get("role") == "img"
    assert root.get("aria-label") == 'Words & "phrases"'
    assert root.find(f"{SVG}title").text == 'Words & "phrases"'


def test_without_a_title_the_svg_is_hidden_from_assistive_technology():
    root = parse(cloud_picture.render_svg(WORDS))

    assert root.get("aria-hidden") == "true"


def test_the_svg_has_the_requested_size():
    root = parse(cloud_picture.render_svg(WORDS, width=600, height=300))

    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "600",
        "300",
        "0 0 600 300",
    )


def test_no_words_give_an_empty_cloud():
    assert drawn_words(cloud_picture.render_svg([])) == []
    assert (
        drawn_words(cloud_picture.render_svg([WordCount("x", "   ", 3), WordCount("y", "z", 0)]))
        == []
    )


def test_it_refuses_an_absurd_size():
    with pytest.raises(ValueError):
        cloud_picture.render_svg(WORDS, width=0)
    with pytest.raises(ValueError):
        cloud_picture.render_png(WORDS, height=100_000)


def test_it_draws_the_most_frequent_words_only():
    many = [WordCount(f"w{i}", f"w{i:03}", i + 1) for i in range(cloud_picture.MAX_WORDS + 50)]

    words = drawn_words(cloud_picture.render_svg(many))

    assert "w249" in words
    assert not {"w000", "w049"} & set(words)


def test_the_png_is_an_image_of_the_requested_size():
    png = cloud_picture.render_png(WORDS, width=600, height=300)

    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (600, 300))
    assert image.getextrema() != ((255, 255), (255, 255), (255, 255))  # words were drawn


def test_the_png_is_the_same_for_the_same_counts():
    first = cloud_picture.render_png(WORDS)
    cloud_picture._layout.cache_clear()

    assert cloud_picture.render_png(WORDS) == first


def test_the_cache_key_depends_on_the_counts_the_size_and_the_title():
    key = cloud_picture.cloud_cache_key(WORDS, 800, 400)

    assert key == cloud_picture.cloud_cache_key(list(WORDS), 800, 400)
    assert len(key) == 64
    assert key != cloud_picture.cloud_cache_key(WORDS[:-1], 800, 400)
    assert key != cloud_picture.cloud_cache_key(
        [*WORDS[:-1], WordCount("honest", "honest", 9)], 800, 400
    )
    assert key != cloud_picture.cloud_cache_key(WORDS, 600, 400)
    assert key != cloud_picture.cloud_cache_key(WORDS, 800, 400, title="Cloud")


def test_it_draws_what_the_pipeline_counts():
    answers = ["Clienţii vor răspunsuri rapide", "A real person, the first time"] * 3

    svg = cloud_picture.render_svg(word_frequencies(answers, languages=["en", "ro"]))

    assert {"clienții", "real person", "first time"} <= set(drawn_words(svg))
