"""Word-cloud text pipeline: survey answers in, ranked word and phrase counts out.

The steps, for each answer:

0. *Markup out*: HTML tags (with the contents of script and style elements), character
   entities, web addresses and e-mail addresses are not words people wrote about service,
   so they are left out of the counting (`strip_markup`); the stored answer stays as typed.
1. *Normalise*: Unicode NFC, then Romanian's legacy cedilla letters (ş ţ, from old
   keyboards and encodings) become the correct comma-below letters (ș ț), so both
   spellings count as one word. When a language that really uses the cedilla (Turkish,
   Azerbaijani…) is expected, only answers read as Romanian are mapped.
2. *Tokenise*: words are runs of letters (with their combining marks). Everything else
   separates words: spaces, digits, hyphens, apostrophes, emoji, control characters. Clause
   punctuation (. , ; : ! ? brackets, quotes…) also ends a run, so no phrase spans it.
3. *Detect the language* among the expected ones (see `detect_language`).
4. *Drop* words shorter than three letters and the stopwords of the answer's language
   (the `stop-words` package, adjusted by the project lists below); a word is a stopword
   when its own form or its lemma is listed.
5. *Lemmatise* with simplemma: forms of a word share a key (their lemma, casefolded) and
   are counted together; the cloud shows the form people typed most often. Romanian
   typed without diacritics ("clientii") joins its spelled form ("clienții") when the
   dictionary allows only one reading.
6. *Phrases*: two kept words that stand next to each other form a phrase ("first time",
   "real person") when the pair occurs at least `min_phrase_count` times *and* covers at
   least `phrase_share` of the occurrences of its rarer word (a collocation, not a pair
   that merely happens to be frequent because both words are). Each occurrence of a
   phrase takes its two words out of the word counts, so nothing is counted twice: with
   "real person" ×5 and "person" ×3 elsewhere the cloud shows "real person" 5, "person" 3.
7. *Adjust* for the workshop: merged keys add their counts to the target (shown with the
   target's text), hidden keys disappear. Both are applied last, to the final counts, so
   they are undone by simply calling again without them. A phrase has a key of its own:
   hiding or merging one of its words leaves it alone.

Keys are not tied to a language: "client" in English and Romanian answers is one entry.
Languages written without spaces between words (Chinese, Japanese) are not supported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, combinations, pairwise

import simplemma
import stop_words
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

MIN_WORD_LENGTH = 3


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that the `stop-words` lists count as filler but that carry meaning in answers
# about customer service ("help", "problem", "first time", "thank you"…). They stay.
KEEP_WORDS: dict[str, frozenset[str]] = {
    "en": _word_set(
        """
        able available best better call calls clear clearly close empty fast first fix
        free full good great greater greatest help helped helping helps home immediate
        immediately importance important information interest interested kind know known
        knows knew long need needed needing needs new open opened order ordered orders
        please possible problem problems promptly proud quickly readily right serious
        seriously sincere small sorry sure system thank thanks thorough thoroughly truly
        useful usefully usefulness value want wanted wanting wants welcome willing work
        worked working works world
        """
    ),
}

# Filler the `stop-words` lists miss. The Romanian list is written without diacritics
# (see _FOLDED_STOPWORD_LANGUAGES), so these are too.
EXTRA_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _word_set("alot etc gonna lot lots stuff wanna yeah"),
    "ro": _word_set(
        """
        acestor acestora aiba celei celui dori doresc dorim dumneavoastra dvs eram erau
        esti etc fiecare fiind fim fiti mereu noastra noastre nostru poate pot putea
        putem sine sunteti trebui trebuie voastra vostru vrea vreau vrem
        """
    ),
}

# Lemmas simplemma gets wrong for words that matter here ("fixed" → "fixe").
LEMMA_FIXES: dict[str, dict[str, str]] = {
    "en": {"fixe": "fix"},
}

# Languages whose `stop-words` list is spelled without diacritics: tokens are compared
# with their diacritics removed ("și" matches "si", "până" matches "pana").
_FOLDED_STOPWORD_LANGUAGES = frozenset({"ro"})
_DIACRITIC_FOLD = str.maketrans("ăâîșțşţ", "aaistst")

_CEDILLA_TO_COMMA = str.maketrans("ŞşŢţ", "ȘșȚț")
# Languages written with s/t-cedilla, whose text must not be "corrected".
_CEDILLA_LANGUAGES = frozenset({"tr", "az", "tk", "tt", "ku", "gag"})

# A token is a run of letters; clause punctuation between words ends a run of adjacent
# words (no phrase spans it), while spaces, hyphens, apostrophes, digits, emoji and
# control characters only separate words ("follow-up", "customer's" stay adjacent).
_WORD = r"[^\W\d_]+"
_BREAK = r"[.,;:!?()\[\]{}<>\"“”„«»…/\\|•·–—\n\r\t]+"
# findall() gives the words, and "" where a break is: one regex pass per answer.
_TOKEN_RE = re.compile(rf"({_WORD})|{_BREAK}")
_CEDILLA_RE = re.compile("[ŞşŢţ]")


def _latin_letters() -> str:
    """The letters below U+0250 (Latin-1, Latin Extended-A and -B: Romanian, French,
    German, Polish…) as explicit ranges, which the regex engine tests with a bitmap:
    twice as fast as the category test of _WORD, and the same tokens."""
    letters = [cp for cp in range(_LATIN_END) if re.fullmatch(_WORD, chr(cp))]
    ranges, start = [], letters[0]
    for previous, current in pairwise([*letters, -1]):
        if current != previous + 1:
            ranges.append(re.escape(chr(start)) + "-" + re.escape(chr(previous)))
            start = current
    return "".join(ranges)


_LATIN_END = 0x250
_LATIN_TOKEN_RE = re.compile(rf"([{_latin_letters()}]+)|{_BREAK}")
_BEYOND_LATIN_RE = re.compile(r"[^\x00-\u024f]")

# The same tokens for ASCII text, about three times faster than the regex: translate()
# keeps letters, turns clause punctuation into a break mark ("\x00", padded with spaces
# so that split() keeps it as a token) and everything else (a NUL included) into a space.
_ASCII_BREAK = "\x00"
_ASCII_TABLE = str.maketrans(
    {
        chr(cp): (
            chr(cp) if chr(cp).isalpha() else _ASCII_BREAK if re.fullmatch(_BREAK, chr(cp)) else " "
        )
        for cp in range(128)
    }
)

# Bits per language in the packed language-evidence sum (see _analyse_answers).
_SHIFT = 32
_MASK = (1 << _SHIFT) - 1


@dataclass(frozen=True, slots=True)
class WordCount:
    """One entry of the cloud: `key` identifies it for hiding and merging (a lemma, or two
    lemmas joined by a space for a phrase), `text` is what is shown."""

    key: str
    text: str
    count: int

    @property
    def is_phrase(self) -> bool:
        return " " in self.key


def word_frequencies(
    answers: Iterable[str],
    *,
    languages: Sequence[str],
    hidden: Iterable[str] = frozenset(),
    merges: Mapping[str, str] | None = None,
    limit: int = 200,
    min_phrase_count: int = 2,
    phrase_share: float = 0.5,
) -> list[WordCount]:
    """Count the words and phrases of `answers`, most frequent first (ties by text).

    `languages` are the languages the answers may be written in, the workshop's main
    language first (it wins when an answer gives no clue). `hidden` holds keys to leave
    out; `merges` maps a key to the key its counts are added to.
    """
    langs = _check_languages(languages)
    items, rows, table = _analyse_answers(answers, langs)

    surfaces: Counter[_Item] = Counter()
    word_totals: Counter[str] = Counter()
    for item_id, count in Counter(items).items():
        key, surface = item = table[item_id]
        surfaces[item] = count
        word_totals[key] += count

    # Adjacent kept words; all() drops the pairs with a 0 (a dropped word or a break).
    pairs = Counter(filter(all, chain.from_iterable(map(pairwise, rows))))
    phrase_pairs = _collocations(pairs, table, word_totals, min_phrase_count, phrase_share)
    phrase_surfaces, consumed = _count_phrases(rows, pairs, phrase_pairs, table)
    word_totals.subtract(consumed)

    counts: dict[str, int] = {key: n for key, n in word_totals.items() if n > 0}
    for (key, _surface), count in phrase_surfaces.items():
        counts[key] = counts.get(key, 0) + count
    displays = _best_surfaces(surfaces)
    displays.update(_best_surfaces(phrase_surfaces))
    _join_same_text(counts, displays)

    return _adjust(counts, displays, hidden=hidden, merges=merges or {}, limit=limit)


def _join_same_text(counts: dict[str, int], displays: Mapping[str, str]) -> None:
    """Count keys that show as the same text as one (under the more frequent key).

    One written word can have two readings, e.g. English "respect" and a form of the
    Romanian verb "respecta": to the reader it is one word, and two rows of "respect"
    in the table would only puzzle them.
    """
    owners: dict[str, str] = {}
    for key in list(counts):  # one pass: there can be a hundred thousand keys
        shown = displays.get(key, key).casefold()
        owner = owners.setdefault(shown, key)
        if owner == key:
            continue
        keep, drop = sorted((owner, key), key=lambda k: (-counts[k], k))
        owners[shown] = keep
        counts[keep] += counts.pop(drop)


def adjust(
    words: Iterable[WordCount],
    *,
    hidden: Iterable[str] = frozenset(),
    merges: Mapping[str, str] | None = None,
    limit: int = 200,
) -> list[WordCount]:
    """Apply hide and merge to counts already made by `word_frequencies` (cheap: no text
    is read again), so a facilitator's change shows at once."""
    counts: dict[str, int] = {}
    displays: dict[str, str] = {}
    for word in words:
        counts[word.key] = counts.get(word.key, 0) + word.count
        displays.setdefault(word.key, word.text)
    return _adjust(counts, displays, hidden=hidden, merges=merges or {}, limit=limit)


def normalise(text: str, *, fix_cedillas: bool = True) -> str:
    """NFC, with Romanian cedilla letters turned into comma-below letters (ASCII text,
    the common case, is returned as it is without looking further)."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if fix_cedillas and _CEDILLA_RE.search(text):
        text = text.translate(_CEDILLA_TO_COMMA)
    return text


# Markup, read only where an answer holds one of _MARKUP_SIGNS (a cheap test first: most
# answers hold none). A tag starts with a letter, "/" or "!" after "<" ("a <3 b" and
# "price < cost", "x <y" are text); an unclosed script or style element runs to the end.
_MARKUP_SIGNS = ("<", "&", "://", "www.", "@")
_MARKUP_RE = re.compile(
    r"<(script|style)\b.*?(?:</\1\s*>|\Z)"
    r"|<[a-z/!][^<>]*>"
    r"|&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);"
    r"|\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE | re.DOTALL,
)


def strip_markup(text: str) -> str:
    """The text without HTML tags, script and style contents, entities, web and e-mail
    addresses: `<script>alert('xss')</script> fast help` is " fast help". Each piece
    becomes a space, so the words on either side stay apart."""
    if not any(sign in text for sign in _MARKUP_SIGNS):
        return text
    return _MARKUP_RE.sub(" ", text)


def tokenise(text: str) -> list[list[str]]:
    """The words of a text (normalised first), as runs split at clause punctuation."""
    runs: list[list[str]] = [[]]
    for token in _tokens(text):
        if token and token != _ASCII_BREAK:
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def detect_language(text: str, languages: Sequence[str]) -> str:
    """The most likely of `languages` for a text (see `_evidence`)."""
    langs = _check_languages(languages)
    words = [token for token in _tokens(strip_markup(text)) if token and token != _ASCII_BREAK]
    packed = sum(_evidence(word, langs) for word in words)
    return langs[_best_language(packed, len(langs))]


def warm_up(languages: Sequence[str]) -> None:
    """Load the dictionaries and stopword lists now rather than on the first cloud
    (simplemma needs about 0.2–0.3 s per language the first time)."""
    for lang in _check_languages(languages):
        _stopwords(lang)
        if lang in SUPPORTED_LANGUAGES:
            simplemma.is_known("warm", lang)
    _token_with_marks_re()


# The pipeline, step by step.

# An analysed token: (key, surface), or None when it is dropped. While counting, each
# distinct item has a number (0 for None), cheaper to count and pair than the tuple.
# A row is an answer's token numbers, with 0 where a word was dropped or a clause ended.
_Item = tuple[str, str]
_Row = list[int]


def _analyse_answers(
    answers: Iterable[str], langs: tuple[str, ...]
) -> tuple[list[int], list[_Row], list[_Item]]:
    """Every kept token of every answer, the rows of the answers that keep two tokens or
    more (only those can hold a phrase), and the item each number stands for.

    This loop runs once per answer, so it is written for speed: one pass to find the
    tokens, then per-call dicts read through map() (no Python code per token), with the
    language evidence summed as one packed integer (language i counts in bits 32·i to
    32·i+31). A token not yet in a dict raises KeyError and is filled in from the
    cached `_evidence` and `_reading`; a reading is made only for the language an
    answer is in.
    """
    # Where Turkish & co. are expected, cedillas stay in the text and only the Romanian
    # reading of a word corrects them (see _reading).
    fix_cedillas = _CEDILLA_LANGUAGES.isdisjoint(langs)
    several = len(langs) > 1
    # "" is the regex's clause break, _ASCII_BREAK the fast path's.
    evidence: dict[str, int] = {"": 0, _ASCII_BREAK: 0}
    readings: list[dict[str, int]] = [{"": 0, _ASCII_BREAK: 0} for _ in langs]
    table: list[_Item] = [("", "")]  # number 0: no item
    numbers: dict[_Item, int] = {}

    def number(item: _Item | None) -> int:
        if item is None:
            return 0
        if item not in numbers:
            numbers[item] = len(table)
            table.append(item)
        return numbers[item]

    items: list[int] = []
    rows: list[_Row] = []
    # Bound once: this loop is the hot path.
    tokenise_answer = _tokens
    evidence_of = evidence.__getitem__
    read = [reading.__getitem__ for reading in readings]
    two = len(langs) == 2
    # Short answers repeat ("Speed", "Honesty"): read each distinct answer once.
    for answer, copies in Counter(answers).items():
        if not answer:
            continue
        tokens = tokenise_answer(strip_markup(answer), fix_cedillas=fix_cedillas)
        index = 0
        if several:
            try:
                packed = sum(map(evidence_of, tokens))
            except KeyError:
                for token in tokens:
                    if token not in evidence:
                        evidence[token] = _evidence(token, langs)
                packed = sum(map(evidence_of, tokens))
            # Two languages, the usual case, are compared inline: the second must score more.
            index = (
                int((packed >> _SHIFT) > (packed & _MASK))
                if two
                else _best_language(packed, len(langs))
            )
        try:
            row = list(map(read[index], tokens))
        except KeyError:
            reading = readings[index]
            for token in tokens:
                if token not in reading:
                    reading[token] = number(_reading(token, langs[index]))
            row = list(map(read[index], tokens))
        kept = list(filter(None, row))
        if copies == 1:
            items += kept
            if len(kept) > 1:
                rows.append(row)
        else:
            items += kept * copies
            if len(kept) > 1:
                rows += [row] * copies
    return items, rows, table


def _best_language(packed: int, count: int) -> int:
    best, best_score = 0, packed & _MASK
    for i in range(1, count):
        score = (packed >> (_SHIFT * i)) & _MASK
        # Strictly greater: the first (main) language wins ties.
        if score > best_score:
            best, best_score = i, score
    return best


@lru_cache(maxsize=1 << 16)
def _evidence(token: str, langs: tuple[str, ...]) -> int:
    """For each language, 1 if the word is known to its simplemma dictionary or is one
    of its stopwords, packed (see _analyse_answers).

    An answer's language is the expected language with the most such words (the first
    expected language on a tie, or when no word is recognised). Cached per word, this
    costs next to nothing, where `simplemma.langdetect` costs about 50 µs an answer
    (0.5 s for 10,000 answers).
    """
    lower = token.lower()
    packed = 0
    for i, lang in enumerate(langs):
        word = lower.translate(_CEDILLA_TO_COMMA) if lang == "ro" else lower
        if lang not in SUPPORTED_LANGUAGES:
            known = _is_stopword(word, lang)
        else:
            # Short listed words only count when the dictionary knows them: the English
            # list also holds two-letter country codes ("se", "ro", "cu", "pe").
            known = simplemma.is_known(word, lang) or (
                len(word) >= MIN_WORD_LENGTH and _is_stopword(word, lang)
            )
        if known:
            packed += 1 << (_SHIFT * i)
    # Known nowhere: perhaps Romanian typed without diacritics ("clientii").
    if (
        not packed
        and "ro" in langs
        and lower.isascii()
        and len(lower) >= MIN_WORD_LENGTH
        and _romanian_without_diacritics(lower)
    ):
        packed += 1 << (_SHIFT * langs.index("ro"))
    return packed


@lru_cache(maxsize=1 << 16)
def _reading(token: str, lang: str) -> _Item | None:
    """The token's (key, surface) in a language, or None when it is dropped. Cached
    across calls: answers repeat words, and the next cloud repeats the answers."""
    lower = token.lower()
    if lang == "ro":
        lower = lower.translate(_CEDILLA_TO_COMMA)
    if len(lower) < MIN_WORD_LENGTH or _is_stopword(lower, lang):
        return None
    if lang not in SUPPORTED_LANGUAGES:
        lemma = lower
    elif lang == "ro" and lower.isascii() and not simplemma.is_known(lower, lang):
        lemma = _romanian_without_diacritics(lower) or simplemma.lemmatize(lower, lang)
    else:
        lemma = simplemma.lemmatize(lower, lang)
    key = lemma.casefold()
    key = LEMMA_FIXES.get(lang, {}).get(key, key)
    if _is_stopword(key, lang):
        return None
    return key, lower


_RESTORE = {"a": "ă", "s": "ș", "t": "ț", "i": "î"}


def _romanian_without_diacritics(word: str) -> str | None:
    """The lemma of a Romanian word typed without diacritics ("clientii", "raspunsuri"),
    when putting some back gives dictionary words of a single lemma ("clienții").

    Tries ă, ș, ț, and î at either end of the word, in the last four places that could
    take one (Romanian marks its endings most), fewest changes first: 15 lookups at most.
    """
    last = len(word) - 1
    places = [
        (i, _RESTORE[char])
        for i, char in enumerate(word)
        if char in _RESTORE and (char != "i" or i in (0, last))
    ][-4:]
    for changes in range(1, len(places) + 1):
        lemmas = set()
        for chosen in combinations(places, changes):
            letters = list(word)
            for i, char in chosen:
                letters[i] = char
            candidate = "".join(letters)
            if simplemma.is_known(candidate, "ro"):
                lemmas.add(simplemma.lemmatize(candidate, "ro"))
        if lemmas:
            return lemmas.pop() if len(lemmas) == 1 else None
    return None


def _is_stopword(word: str, lang: str) -> bool:
    stops = _stopwords(lang)
    if word in stops:
        return True
    return lang in _FOLDED_STOPWORD_LANGUAGES and word.translate(_DIACRITIC_FOLD) in stops


@cache
def _stopwords(lang: str) -> frozenset[str]:
    try:
        listed = stop_words.get_stop_words(lang)
    except stop_words.StopWordError:
        listed = []
    words = {word.casefold() for word in listed} | EXTRA_STOPWORDS.get(lang, frozenset())
    return frozenset(words - KEEP_WORDS.get(lang, frozenset()))


def _tokens(answer: str, *, fix_cedillas: bool = True) -> list[str]:
    """The words of an answer, with "" or _ASCII_BREAK where a clause ends."""
    if answer.isascii():
        return answer.translate(_ASCII_TABLE).replace(_ASCII_BREAK, f" {_ASCII_BREAK} ").split()
    text = normalise(answer, fix_cedillas=fix_cedillas)
    if not _BEYOND_LATIN_RE.search(text):
        return _LATIN_TOKEN_RE.findall(text)
    return _token_re(text).findall(text)


def _token_re(text: str) -> re.Pattern[str]:
    if not _token_with_marks_re().mark.search(text):
        return _TOKEN_RE
    return _token_with_marks_re().token


class _MarkPatterns:
    __slots__ = ("mark", "token")

    def __init__(self) -> None:
        # Devanagari, Arabic, Hebrew… write words with combining marks that NFC leaves
        # uncomposed and that Python's \w does not match. This slower pattern is used
        # only for the texts that hold one.
        marks = "".join(
            re.escape(chr(cp)) for cp in range(0x10000) if unicodedata.category(chr(cp))[0] == "M"
        )
        self.mark = re.compile(f"[{marks}]")
        self.token = re.compile(rf"((?:[^\W\d_]|[{marks}])+)|{_BREAK}")


@cache
def _token_with_marks_re() -> _MarkPatterns:
    return _MarkPatterns()


def _check_languages(languages: Sequence[str]) -> tuple[str, ...]:
    if isinstance(languages, str):
        languages = (languages,)
    langs = tuple(dict.fromkeys(lang.lower() for lang in languages))
    if not langs:
        raise ValueError("At least one language is needed.")
    for lang in langs:
        if lang not in SUPPORTED_LANGUAGES and lang not in stop_words.LANGUAGE_MAPPING:
            raise ValueError(f"Unsupported language: {lang!r}")
    return langs


def _collocations(
    pairs: Mapping[tuple[int, int], int],
    table: list[_Item],
    word_totals: Mapping[str, int],
    min_count: int,
    share: float,
) -> frozenset[tuple[int, int]]:
    """The adjacent item pairs whose words form a phrase: the pair of lemmas occurs at
    least `min_count` times and in at least `share` of the occurrences of its rarer
    word."""
    by_keys: Counter[tuple[str, str]] = Counter()
    for (first, second), count in pairs.items():
        if first and second and table[first][0] != table[second][0]:
            by_keys[(table[first][0], table[second][0])] += count
    phrases = {
        (first, second)
        for (first, second), count in by_keys.items()
        if count >= min_count and count >= share * min(word_totals[first], word_totals[second])
    }
    return frozenset(
        (first, second)
        for first, second in pairs
        if first and second and (table[first][0], table[second][0]) in phrases
    )


def _count_phrases(
    rows: list[_Row],
    pairs: Mapping[tuple[int, int], int],
    phrase_pairs: frozenset[tuple[int, int]],
    table: list[_Item],
) -> tuple[Counter[_Item], Counter[str]]:
    """Phrase occurrences (as (key, surface)), and how many occurrences of each word
    the phrases took.

    Every occurrence of a phrase pair counts, except where two phrases of one answer
    share a word ("customer service team"): those answers are read left to right, and
    the shared word goes to the first phrase only. Only a word that ends one phrase
    pair and starts another can be shared, so only the answers holding such a word are
    read again; the rest is counted as it stands.
    """
    found: Counter[tuple[int, int]] = Counter({pair: pairs[pair] for pair in phrase_pairs})
    is_phrase = phrase_pairs.__contains__
    links = {first for first, _ in phrase_pairs} & {second for _, second in phrase_pairs}
    for row in rows if links else ():
        if links.isdisjoint(row) or sum(map(is_phrase, pairwise(row))) < 2:
            continue
        found.subtract(filter(is_phrase, pairwise(row)))
        i, last = 0, len(row) - 1
        while i < last:
            pair = (row[i], row[i + 1])
            if is_phrase(pair):
                found[pair] += 1
                i += 2
            else:
                i += 1
    phrases: Counter[_Item] = Counter()
    consumed: Counter[str] = Counter()
    for (first, second), count in found.items():
        if count > 0:
            (key1, surface1), (key2, surface2) = table[first], table[second]
            phrases[(f"{key1} {key2}", f"{surface1} {surface2}")] += count
            consumed[key1] += count
            consumed[key2] += count
    return phrases, consumed


def _best_surfaces(surfaces: Mapping[_Item, int]) -> dict[str, str]:
    """The most frequent surface form of each key (the alphabetically first on a tie)."""
    best: dict[str, tuple[int, str]] = {}
    for (key, surface), count in surfaces.items():
        current = best.get(key)
        if current is None or (-count, surface) < (-current[0], current[1]):
            best[key] = (count, surface)
    return {key: surface for key, (_, surface) in best.items()}


def _adjust(
    counts: Mapping[str, int],
    displays: Mapping[str, str],
    *,
    hidden: Iterable[str],
    merges: Mapping[str, str],
    limit: int,
) -> list[WordCount]:
    hidden_keys = {_clean_key(key) for key in hidden}
    merge_map = {_clean_key(source): _clean_key(target) for source, target in merges.items()}
    merged: Counter[str] = Counter()
    for key, count in counts.items():
        target = _merge_target(key, merge_map)
        if key in hidden_keys or target in hidden_keys:
            continue
        merged[target] += count
    ranked = sorted(
        (WordCount(key, displays.get(key, key), count) for key, count in merged.items()),
        key=lambda word: (-word.count, word.text, word.key),
    )
    return ranked[: max(limit, 0)]


def _merge_target(key: str, merges: Mapping[str, str]) -> str:
    """Follow merges (a→b, b→c sends a to c); a key caught in a cycle stays itself."""
    seen = {key}
    target = key
    while target in merges:
        target = merges[target]
        if target in seen:
            return key
        seen.add(target)
    return target


def _clean_key(key: str) -> str:
    return " ".join(normalise(key).casefold().split())
