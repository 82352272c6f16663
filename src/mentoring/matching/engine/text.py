"""Text handling for scoring: a Danish/English analyzer for TF-IDF (Snowball
Danish stemmer via PyStemmer, stop words, corpus-based splitting of Danish
compounds) and the extraction of weekdays and times of day from free-text
availability. No Django imports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import Stemmer


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Snowball's Danish stop-word list plus a few words that carry no topic in
# application texts ("gerne", "ønsker", "rigtig", ...).
DANISH_STOP_WORDS: frozenset[str] = _word_set(
    """
    ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din
    dine disse dit dog du efter eller en end er et for fra ham han hans har havde have hende
    hendes her hos hun hvad hvis hvor i ikke ind jeg jer jo kunne man mange med meget men mig
    min mine mit mod ned noget nogle nu når og også om op os over på sig sin sine sit skal
    skulle som sådan thi til ud under var vi vil ville vor vores være været
    kan får få ved samt både helt godt gerne bare mere mest rigtig ønsker ønsker ønske
    hvordan hvorfor hvilke hvilken hvornår mellem blandt uden inden igennem gennem især
    lidt nok altså derfor fordi eks fx bl.a. osv mv ja nej se sammen
    """
)

# Common English function words (deliberately short: "system", "fire" etc.
# from longer lists are words in Danish or in HR).
ENGLISH_STOP_WORDS: frozenset[str] = _word_set(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves also get would like want wish really much many well better
    e g eg ie etc
    """
)

STOP_WORDS: frozenset[str] = DANISH_STOP_WORDS | ENGLISH_STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_PART = 4  # shortest compound part (characters) considered by the splitter
_MIN_COMPOUND = 2 * _MIN_PART


def words(text: str) -> list[str]:
    """Lower-case words (letters only) of ``text``, stop words removed."""
    return [w for w in _WORD.findall(text.lower()) if len(w) >= 2 and w not in STOP_WORDS]


class TextAnalyzer:
    """Turns a text into stems for TF-IDF.

    Each word is lower-cased and stemmed with the Snowball Danish stemmer (it
    also strips common English endings well enough for matching). Danish
    writes compounds as one word ("forandringsledelse"), so a word is also
    split into two known parts when both parts, with an optional linking "s"
    or "e" ("forandring-s-ledelse"), occur as words of their own somewhere in
    the corpus: "forandringsledelse" then yields the stems of "forandringsledelse",
    "forandring" and "ledelse", and matches a text about "forandringer".
    Call :meth:`fit` on the whole corpus first; without it no compound is split.
    """

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("danish")
        self._known: set[str] = set()
        self._cache: dict[str, tuple[str, ...]] = {}
        self._core_cache: dict[str, tuple[str, ...]] = {}
        self._phrase_cache: dict[str, tuple[str, ...]] = {}
        self._counts: Counter[str] = Counter()
        self._surface: dict[str, str] | None = None

    def stem(self, word: str) -> str:
        return str(self._stemmer.stemWord(word))

    def fit(self, texts: Iterable[str]) -> TextAnalyzer:
        """Learn which stems occur as words of their own (for compound splitting)."""
        return self.fit_words(words(text) for text in texts)

    def fit_words(self, documents: Iterable[list[str]]) -> TextAnalyzer:
        """:meth:`fit` for texts already split by :func:`words`."""
        counts: Counter[str] = Counter()
        for document in documents:
            counts.update(document)
        self._counts = counts
        self._known = {s for s in self._stemmer.stemWords(sorted(counts)) if len(s) >= 3}
        self._cache.clear()
        self._core_cache.clear()
        self._phrase_cache.clear()
        self._surface = None
        return self

    def surface(self, stem: str) -> str:
        """The word most often written for ``stem`` in the fitted corpus (ties:
        alphabetical). A stem only seen as part of a compound gives the
        compound's most frequent form. Unknown stems are returned as they are."""
        if self._surface is None:
            ranked = sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))
            whole: dict[str, str] = {}
            parts: dict[str, str] = {}
            for word, _ in ranked:
                first, *rest = self.features(word)
                whole.setdefault(first, word)
                for part in rest:
                    parts.setdefault(part, word)
            self._surface = {**parts, **whole}
        return self._surface.get(stem, stem)

    def _split(self, word: str) -> tuple[str, ...]:
        """Stems of the parts of a compound ``word`` (empty if not a compound).

        The longest known head wins; the tail may itself be a compound."""
        if len(word) < _MIN_COMPOUND:
            return ()
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            heads = [head]
            if head[-1] in "se" and len(head) - 1 >= _MIN_PART:
                heads.append(head[:-1])
            head_stem = next((s for h in heads if (s := self.stem(h)) in self._known), None)
            if head_stem is None:
                continue
            tail_stem = self.stem(tail)
            if tail_stem in self._known:
                return (head_stem, tail_stem)
            rest = self._split(tail)
            if rest:
                return (head_stem, *rest)
        return ()

    def features(self, word: str) -> tuple[str, ...]:
        """The stems a single (lower-case, non-stop) word contributes."""
        cached = self._cache.get(word)
        if cached is None:
            whole = self.stem(word)
            parts = tuple(p for p in self._split(word) if p != whole)
            cached = (whole, *dict.fromkeys(parts))
            self._cache[word] = cached
        return cached

    def core(self, word: str) -> tuple[str, ...]:
        """The stems that must all be present for ``word`` to count as present:
        the parts of a compound, else the word's own stem."""
        cached = self._core_cache.get(word)
        if cached is None:
            parts = self._split(word)
            cached = tuple(dict.fromkeys(parts)) if parts else (self.stem(word),)
            self._core_cache[word] = cached
        return cached

    def __call__(self, text: str) -> list[str]:
        return self.features_of_words(words(text))

    def features_of_words(self, document: list[str]) -> list[str]:
        """The stems of a text already split by :func:`words`."""
        out: list[str] = []
        for word in document:
            out.extend(self.features(word))
        return out

    def phrase_core(self, phrase: str) -> tuple[str, ...]:
        """Core stems of a short phrase such as an expertise tag."""
        cached = self._phrase_cache.get(phrase)
        if cached is not None:
            return cached
        out: list[str] = []
        for word in words(phrase):
            out.extend(self.core(word))
        result = tuple(dict.fromkeys(out))
        self._phrase_cache[phrase] = result
        return result


# --- Availability -------------------------------------------------------------

DAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
TIMES: tuple[str, ...] = ("morning", "midday", "afternoon", "evening")
FLEXIBLE = "flexible"

_DAY_WORDS: dict[str, tuple[str, ...]] = {
    "monday": ("mandag", "mandage", "mandagen", "mandagene", "mandags", "monday", "mondays"),
    "tuesday": (
        "tirsdag",
        "tirsdage",
        "tirsdagen",
        "tirsdagene",
        "tirsdags",
        "tuesday",
        "tuesdays",
        "tue",
        "tues",
    ),
    "wednesday": (
        "onsdag",
        "onsdage",
        "onsdagen",
        "onsdagene",
        "onsdags",
        "wednesday",
        "wednesdays",
        "wed",
    ),
    "thursday": (
        "torsdag",
        "torsdage",
        "torsdagen",
        "torsdagene",
        "torsdags",
        "thursday",
        "thursdays",
        "thu",
        "thurs",
    ),
    "friday": ("fredag", "fredage", "fredagen", "fredagene", "fredags", "friday", "fridays"),
    "saturday": ("lørdag", "lørdage", "lørdagen", "lørdagene", "saturday", "saturdays"),
    "sunday": ("søndag", "søndage", "søndagen", "søndagene", "sunday", "sundays"),
}
_TIME_WORDS: dict[str, tuple[str, ...]] = {
    "morning": (
        "morgen",
        "morgenen",
        "morgener",
        "morgenerne",
        "formiddag",
        "formiddage",
        "formiddagen",
        "formiddagene",
        "formiddagstimerne",
        "morning",
        "mornings",
    ),
    "midday": ("frokost", "frokosten", "frokosttid", "frokostpausen", "lunch", "lunchtime", "noon"),
    "afternoon": (
        "eftermiddag",
        "eftermiddage",
        "eftermiddagen",
        "eftermiddagene",
        "afternoon",
        "afternoons",
    ),
    "evening": (
        "aften",
        "aftenen",
        "aftener",
        "aftenerne",
        "aftner",
        "aftnerne",
        "evening",
        "evenings",
        "night",
        "nights",
    ),
}
_GROUP_WORDS: dict[str, tuple[str, ...]] = {
    # word -> days it stands for
    "hverdag": DAYS[:5],
    "hverdage": DAYS[:5],
    "hverdagene": DAYS[:5],
    "weekdays": DAYS[:5],
    "weekday": DAYS[:5],
    "weekend": DAYS[5:],
    "weekenden": DAYS[5:],
    "weekender": DAYS[5:],
    "weekends": DAYS[5:],
}
_FLEXIBLE_WORDS = frozenset(
    ("fleksibel", "fleksible", "fleksibelt", "flexible", "anytime", "fleksibilitet")
)
_EVENING_PHRASES = ("efter arbejde", "efter arbejdstid", "after work", "after hours")
_CLOCK = re.compile(
    r"\bkl\.?\s*(\d{1,2})(?:[:.]\d{2})?|\b(\d{1,2})[:.]\d{2}\b|\b(\d{1,2})\s*(am|pm)\b"
)

_WORD_TO_CODES: dict[str, tuple[str, ...]] = {}
for _code, _forms in (*_DAY_WORDS.items(), *_TIME_WORDS.items()):
    for _form in _forms:
        _WORD_TO_CODES[_form] = (_code,)
_WORD_TO_CODES.update(_GROUP_WORDS)


def _hour_slot(hour: int) -> str | None:
    if 6 <= hour < 11:
        return "morning"
    if 11 <= hour < 13:
        return "midday"
    if 13 <= hour < 17:
        return "afternoon"
    if 17 <= hour <= 23:
        return "evening"
    return None


def availability_codes(text: str) -> tuple[frozenset[str], frozenset[str], bool]:
    """Days, times of day and "flexible" found in a free-text availability.

    Danish and English forms are recognised ("tirsdage", "Tuesdays",
    "hverdage" = Monday-Friday, "formiddag"/"morning", "frokost"/"lunch",
    "eftermiddag", "aften"/"after work", "kl. 16", "9:30", "4 pm") as are
    "fleksibel"/"flexible"."""
    lowered = text.lower()
    days: set[str] = set()
    times: set[str] = set()
    flexible = False
    for word in _WORD.findall(lowered):
        codes = _WORD_TO_CODES.get(word)
        if codes is not None:
            for code in codes:
                (days if code in DAYS else times).add(code)
        elif word in _FLEXIBLE_WORDS:
            flexible = True
    if any(phrase in lowered for phrase in _EVENING_PHRASES):
        times.add("evening")
    for match in _CLOCK.finditer(lowered):
        hour_text = match.group(1) or match.group(2) or match.group(3)
        hour = int(hour_text)
        if match.group(4) == "pm" and hour < 12:
            hour += 12
        slot = _hour_slot(hour)
        if slot is not None:
            times.add(slot)
    return frozenset(days), frozenset(times), flexible
