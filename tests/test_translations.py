"""The Romanian catalogue: complete, well-formed, compiled, and served to Romanian readers."""

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale" / "ro" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# A printf-style conversion as Python's % operator reads it: %(name)s, %s, %5.2f, %%.
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")
CEDILLA_LETTERS = "şţŞŢ"  # the comma-below letters ș ț Ș Ț are the correct ones

LANDING_HEADLINE_EN = "Build your customer service philosophy together"
LANDING_HEADLINE_RO = (
    "Construiți împreună cu echipa dumneavoastră filozofia de servicii pentru clienți"
)


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


@pytest.fixture(scope="module")
def mo():
    if not MO_PATH.exists():
        pytest.fail(f"{MO_PATH} is missing: run manage.py compilemessages --locale ro")
    return polib.mofile(str(MO_PATH))


def _entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


def _translations(entry):
    """Every msgstr of an entry: one for a simple entry, one per plural form otherwise."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _catalogue_map(catalogue, *, skip_fuzzy=False):
    mapping = {}
    for entry in _entries(catalogue):
        if skip_fuzzy and entry.fuzzy:
            continue
        translations = tuple(_translations(entry))
        if not all(translations):
            continue  # msgfmt leaves untranslated entries out of the .mo
        mapping[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = translations
    return mapping


def _placeholders(text):
    """Named placeholders as a set, unnamed ones counted by conversion (they are positional)."""
    named, unnamed = set(), Counter()
    for match in PLACEHOLDER.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group("name") is not None:
            named.add(match.group(0))
        else:
            unnamed[match.group(0)] += 1
    return named, unnamed


def _label(entry):
    return repr(entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}|{entry.msgid}")


def test_header_declares_romanian_with_three_plural_forms(po):
    assert po.metadata["Language"] == "ro"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert not po.metadata_is_fuzzy, "the header is still marked fuzzy"


def test_every_entry_is_translated_and_not_fuzzy(po):
    entries = _entries(po)
    assert entries, "the catalogue is empty"
    untranslated = [_label(e) for e in entries if not all(_translations(e))]
    fuzzy = [_label(e) for e in entries if e.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_plural_entries_have_all_three_forms(po):
    incomplete = [
        _label(e) for e in _entries(po) if e.msgid_plural and sorted(e.msgstr_plural) != [0, 1, 2]
    ]
    assert not incomplete, f"plural entries without msgstr[0..2]: {incomplete}"


def test_python_format_placeholders_are_kept(po):
    mismatches = []
    for entry in _entries(po):
        if "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            # A singular form may drop the count ("un minut"), but may not invent placeholders.
            source = _placeholders(entry.msgid)[0] | _placeholders(entry.msgid_plural)[0]
            for translation_text in _translations(entry):
                named = _placeholders(translation_text)[0]
                if not named <= source:
                    mismatches.append((_label(entry), sorted(source), sorted(named)))
            continue
        expected = _placeholders(entry.msgid)
        actual = _placeholders(entry.msgstr)
        if expected != actual:
            mismatches.append((_label(entry), expected, actual))
    assert not mismatches, f"placeholders differ (msgid, expected, got): {mismatches}"


def test_no_cedilla_letters_in_translations(po):
    offending = [
        (_label(entry), text)
        for entry in _entries(po)
        for text in _translations(entry)
        if any(letter in text for letter in CEDILLA_LETTERS)
    ]
    assert not offending, f"use comma-below ș ț Ș Ț, not cedilla ş ţ Ş Ţ: {offending}"


# The Romanian interface speaks to its reader formally (dumneavoastră: "Alegeți",
# "Răspunsul dumneavoastră"), as a business tool does. These are the marks of the informal
# second person singular.
INFORMAL_PRONOUNS = {"tu", "tine", "ție", "tău", "ta", "tăi", "tale", "îți", "ți", "te"}


# Verb forms of the second person singular that nothing else is spelled like.
def _words(text):
    return set(text.split())


INFORMAL_VERBS = _words(
    """
    ai ești poți vrei știi faci devii creezi inviți folosești scrii salvezi
    editai scriai aveai erai primești alegi trimiți vei
    introdu fă devino mergi rămâi
    """
)
# Imperatives spelled like the third person ("Deschide sondajul" / "Facilitatorul deschide
# sondajul"): informal when they start a sentence or a label.
INFORMAL_IMPERATIVES = _words(
    """
    actualizează adaugă afișează alege alcătuiește anulează aprobă arată ascunde așteaptă
    caută cere combină completează confirmă conectează construiește creează definește
    deconectează deschide descarcă elimină exportă finalizează folosește ignoră invită
    începe încearcă încheie închide înlocuiește lasă modifică mută notează propune pune
    redeschide reîncarcă resetează restrânge retrage revocă răspunde salvează scanează
    schimbă scoate scrie trimite unește verifică votează
    """
)
# Clitics joined by a hyphen: "Creează-ți", "Conectează-te", "Ți-ai", "te-a".
INFORMAL_CLITIC = re.compile(r"\w-(?:ți|te)\b|\b(?:ți|te)-\w", re.IGNORECASE)
SENTENCE_START = re.compile(r"(?:^|[.!?:;„(]\s*)(\w+)")
# False positives, by msgid, with the reason.
# msgid → why its translation may speak to "you" informally.
_EXAMPLE_STATEMENT = (
    "an example action statement of stage 7: the words a team gives each employee, "
    "written as teams write them, not the product speaking to its reader"
)
FORMAL_REGISTER_ALLOWED: dict[str, str] = {
    "Say what you mean, mean what you say.": _EXAMPLE_STATEMENT,
    "Make customers feel like family.": _EXAMPLE_STATEMENT,
}


def _informal_marks(text):
    words = {word.casefold() for word in re.findall(r"\w+", text)}
    marks = sorted(words & (INFORMAL_PRONOUNS | INFORMAL_VERBS))
    marks += INFORMAL_CLITIC.findall(text)
    marks += [
        word for word in SENTENCE_START.findall(text) if word.casefold() in INFORMAL_IMPERATIVES
    ]
    return marks


@pytest.mark.parametrize(
    ("text", "informal"),
    [
        ("Ți-ai uitat parola?", True),
        ("Răspunsul tău", True),
        ("Creează-ți organizația", True),
        ("Salvează", True),
        ("Verifică întrebarea, apoi deschide sondajul.", True),
        ("V-ați uitat parola?", False),
        ("Răspunsul dumneavoastră", False),
        ("Facilitatorul deschide sondajul în curând.", False),
        ("Alegeți cel puțin o limbă.", False),
        ("Totul este gata", False),  # "te" inside a word is not the pronoun
    ],
)
def test_the_informal_marks_are_recognised(text, informal):
    assert bool(_informal_marks(text)) is informal


def test_romanian_addresses_the_reader_formally(po):
    informal = [
        (_label(entry), text, _informal_marks(text))
        for entry in _entries(po)
        if entry.msgid not in FORMAL_REGISTER_ALLOWED
        for text in _translations(entry)
        if _informal_marks(text)
    ]
    assert not informal, f"use the formal address (dumneavoastră, -ți → -vă): {informal}"


def test_templates_hold_no_romanian_text_of_their_own():
    # Romanian reaches the pages and e-mails only through the catalogue checked above.
    romanian = re.compile("[ăâîșțĂÂÎȘȚşţ]")
    offending = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and romanian.search(path.read_text(encoding="utf-8"))
    ]
    assert not offending


def test_compiled_catalogue_matches_the_po_file(po, mo):
    po_map = _catalogue_map(po, skip_fuzzy=True)
    mo_map = _catalogue_map(mo)
    missing = sorted(str(key) for key in po_map.keys() - mo_map.keys())
    extra = sorted(str(key) for key in mo_map.keys() - po_map.keys())
    common = po_map.keys() & mo_map.keys()
    changed = sorted(str(key) for key in common if po_map[key] != mo_map[key])
    assert not (missing or extra or changed), (
        "django.mo is stale, run manage.py compilemessages --locale ro. "
        f"Missing from .mo: {missing}; only in .mo: {extra}; different: {changed}"
    )


@pytest.mark.django_db
def test_landing_page_is_served_in_romanian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ro"
    # LocaleMiddleware activates the language for this thread; put back what was active before.
    with translation.override(translation.get_language()):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ro">' in html
    assert LANDING_HEADLINE_RO in html
    assert LANDING_HEADLINE_EN not in html


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_of_the_code_and_templates_is_in_the_catalogue(tmp_path):
    apps = ("philosophy", "workshops", "surveys", "values", "vision", "actions", "documents")
    for name in ("manage.py", *apps, "templates", "locale"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ro", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "locale/ro/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in fresh if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, "Run `make messages` and translate:\n" + "\n".join(missing)
