"""Profile-based scores: every (mentee, mentor) pair gets a value in [0, 1]
per criterion, and the pair's score is the weighted mean of the criteria.

:class:`ProfileScores` implements :class:`~mentoring.matching.engine.types.ScoreSource`:
``block(start, stop)`` computes only the requested mentee rows, vectorised
with numpy (per-mentor arrays and small lookup tables are prepared once), and
gives ``-inf`` where a hard rule forbids the pair. Coordinator vetoes and the
programme's minimum score are applied by the solver, not here.

The criteria, their defaults and the facts behind each explanation are
documented in ``docs/matching.md`` ("Scoring and explanations"). No Django
imports: the codes below mirror ``participants.enums`` and
``programmes.enums`` (a test keeps them in step).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from mentoring.matching.engine.text import DAYS, TIMES, TextAnalyzer, availability_codes, words
from mentoring.matching.engine.types import (
    CRITERIA,
    FORBIDDEN,
    Contribution,
    FloatArray,
    MenteeProfile,
    MentorProfile,
    MentorSlot,
)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Facts = dict[str, str | list[str] | int | float]
ProgrammeKind = Literal["open", "internal"]

# --- Vocabularies (codes of the Django enums) --------------------------------

ROLE_CODES: tuple[str, ...] = (
    "friend",
    "coach",
    "storyteller",
    "knowledge_sharer",
    "networker",
    "door_opener",
    "advisor",
    "critic",
    "sparring_partner",
    "sponsor",
)
BENEFIT_CODES: tuple[str, ...] = (
    "personal",
    "professional",
    "network",
    "knowledge_sharing",
    "culture",
    "career",
)
EXTERNAL_CHANGES: tuple[str, ...] = (
    "merger",
    "reorganisation",
    "new_tasks",
    "new_task_givers",
    "new_job",
)
INTERNAL_CHANGES: tuple[str, ...] = (
    "wish_for_change",
    "focus_differently",
    "use_competences",
    "develop_new_sides",
    "step_up",
)
CHANGE_CODES: tuple[str, ...] = EXTERNAL_CHANGES + INTERNAL_CHANGES
MEETING_FORMATS: tuple[str, ...] = ("in_person", "virtual", "mixed")
#: Regions that say nothing about being able to meet ("abroad" is anywhere).
VAGUE_REGIONS: frozenset[str] = frozenset({"abroad"})

#: What a mentor can offer on each benefit area, read from the roles they are
#: comfortable with (the best of the listed roles counts).
BENEFIT_ROLES: dict[str, tuple[str, ...]] = {
    "personal": ("coach", "friend"),
    "professional": ("advisor", "knowledge_sharer", "critic"),
    "network": ("networker", "door_opener"),
    "knowledge_sharing": ("knowledge_sharer", "storyteller"),
    "culture": ("storyteller", "sparring_partner"),
    "career": ("sponsor", "door_opener"),
}
#: A mentor with at least this many years of experience offers one level more
#: on these areas (a long career brings a network and a view of careers).
SENIOR_YEARS = 15
SENIOR_AREAS: tuple[str, ...] = ("network", "career")

#: Default weights per criterion; a programme may override any of them
#: (0 switches a criterion off). Only the ratios matter. Rationale in
#: docs/matching.md: goals and expertise are the core of the flyer's
#: "concrete goals and tasks"; the lived change situation is what the flyer
#: says mentoring helps most with; the mentee's own ranking is a strong
#: signal when a programme uses it; roles come next; practicalities and
#: derived criteria weigh less; free-text availability is noisy.
DEFAULT_WEIGHTS: dict[str, float] = {
    "goals_expertise": 3.0,
    "change_lived": 2.0,
    "roles": 1.5,
    "benefits": 1.0,
    "experience": 1.0,
    "different_base": 1.0,
    "region_format": 1.0,
    "availability": 0.5,
    "mentee_ranking": 2.0,
}

NEUTRAL = 0.5  # value of a criterion when there is no information
TEXT_SHARE = 0.6  # goals_expertise = 0.6 * sqrt(cosine) + 0.4 * tag overlap, with tags
TAG_SATURATION = 2  # this many of the mentor's tags found in the mentee's text = full marks
EXPERIENCE_SCALE = 6.0  # years: 1 - exp(-gap / 6) gives 0.39 at 3, 0.63 at 6, 0.86 at 12
INDUSTRY_DIFFERENT, INDUSTRY_SAME, INDUSTRY_UNKNOWN = 1.0, 0.4, 0.7
RANK_VALUES: tuple[float, ...] = (1.0, 0.75, 0.5)
FORMAT_UNKNOWN, IN_PERSON, VIRTUAL, MIXED = 0, 1, 2, 3
REGION_UNKNOWN, REGION_SAME, REGION_DIFFERENT = 0, 1, 2
_SUB_ELEMENTS = 1 << 20  # target pairs per internal sub-block (4 MB of float32)
_DENSE_LIMIT = 1 << 24  # at most this many elements for a dense mentor-side matrix


def _region_format_value(state: int, fm: int, fr: int) -> float:
    """Region and meeting format of one pair (``state``: unknown/same/different region)."""
    if fm == FORMAT_UNKNOWN or fr == FORMAT_UNKNOWN:
        return 0.8 if state == REGION_SAME else 0.5
    virtual_ok = {VIRTUAL, MIXED}
    if fm in virtual_ok and fr in virtual_ok:
        return 1.0  # they can always meet virtually
    if state == REGION_SAME:
        in_person_ok = {IN_PERSON, MIXED}
        return 1.0 if fm in in_person_ok and fr in in_person_ok else 0.6
    if state == REGION_DIFFERENT:
        return 0.4 if MIXED in (fm, fr) else 0.2
    return 0.5


#: REGION_FORMAT[state, mentee format, mentor format]
REGION_FORMAT: npt.NDArray[np.float32] = np.array(
    [[[_region_format_value(s, a, b) for b in range(4)] for a in range(4)] for s in range(3)],
    dtype=np.float32,
)


def normalise(value: str) -> str:
    """Case- and whitespace-insensitive form of a name ("Novo  Nordisk" = "novo nordisk")."""
    return " ".join(value.casefold().split())


def benefit_offer(comfort: Mapping[str, int], years: int | None) -> dict[str, int]:
    """What a mentor can offer per benefit area, 0-3 (see BENEFIT_ROLES, SENIOR_AREAS)."""
    offer = {
        area: max(_level(comfort.get(role, 0)) for role in roles)
        for area, roles in BENEFIT_ROLES.items()
    }
    if years is not None and years >= SENIOR_YEARS:
        for area in SENIOR_AREAS:
            offer[area] = min(3, offer[area] + 1)
    return offer


def _level(value: object) -> int:
    """A 0-3 answer; anything else (None, text, out of range) is clipped or 0."""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return min(3, max(0, number))


def _levels(answers: Mapping[str, int], codes: Sequence[str]) -> list[int]:
    out = []
    for code in codes:
        value = answers.get(code, 0)
        out.append(value if type(value) is int and 0 <= value <= 3 else _level(value))
    return out


def _threshold_matrices(
    wishes: npt.NDArray[np.int64], offers: npt.NDArray[np.int64]
) -> tuple[sp.csr_array, sp.csr_array, npt.NDArray[np.float32]]:
    """Turn coverage into one matrix product: min(o, w) = sum_k [o >= k][w >= k],
    so sum_r w_r min(o_r, w_r) = [w*[w>=1], w*[w>=2], w*[w>=3]] . [[o>=1], [o>=2], [o>=3]]."""
    left = np.hstack([wishes * (wishes >= k) for k in (1, 2, 3)]).astype(np.float32)
    right = np.hstack([offers >= k for k in (1, 2, 3)]).astype(np.float32)
    den = (wishes.astype(np.float32) ** 2).sum(axis=1)
    return sp.csr_array(left), sp.csr_array(right), den


class _Product:
    """``left @ right.T`` (left: n x k, right: m x k, both sparse) for row blocks
    and for lists of pairs.

    A block is sparse rows times the dense mentor side (kept sparse only when
    it would be large), which scipy computes row by row in a fixed order on
    one core: a row's result never depends on the other rows in the block
    (BLAS picks kernels by shape), and the other core stays free for the
    solver. The mentee rows are sparse enough that this is also faster here
    than densifying them for BLAS."""

    def __init__(self, left: sp.csr_array, right: sp.csr_array) -> None:
        self.left = sp.csr_array(left, dtype=np.float32)
        self.right = sp.csr_array(right, dtype=np.float32)
        k, m = self.left.shape[1], self.right.shape[0]
        self.empty = k == 0 or self.left.nnz == 0 or self.right.nnz == 0
        self.nonempty = not self.empty
        self.dense_right: FloatArray | None = None
        self.sparse_right = sp.csr_array((k, m), dtype=np.float32)
        if self.empty:
            return
        if k * m <= _DENSE_LIMIT:
            self.dense_right = np.ascontiguousarray(self.right.T.toarray(), dtype=np.float32)
        else:
            self.sparse_right = sp.csr_array(self.right.T)

    @classmethod
    def from_dense(cls, left: sp.csr_array, right_t: FloatArray) -> _Product:
        """``left @ right_t`` with the mentor side already dense (k x m)."""
        product = cls(left, sp.csr_array((right_t.shape[1], right_t.shape[0]), dtype=np.float32))
        product.right = sp.csr_array(right_t.T)
        product.dense_right = np.ascontiguousarray(right_t, dtype=np.float32)
        product.empty = product.left.nnz == 0 or not right_t.any()
        product.nonempty = not product.empty
        return product

    def block(self, rows: IntArray, m: int) -> FloatArray:
        if self.empty:
            return np.zeros((len(rows), m), dtype=np.float32)
        left = self.left[rows]
        if self.dense_right is not None:
            return np.asarray(left @ self.dense_right, dtype=np.float32)
        return np.asarray((left @ self.sparse_right).toarray(), dtype=np.float32)

    def pairs(self, mentees: IntArray, mentors: IntArray) -> FloatArray:
        if self.empty or len(mentees) == 0:
            return np.zeros(len(mentees), dtype=np.float32)
        product = self.left[mentees].multiply(self.right[mentors])
        return np.asarray(product.sum(axis=1), dtype=np.float32).ravel()


class _Table:
    """A criterion that depends on one categorical feature of the mentee and on
    the mentor: a (distinct mentee keys) x (mentors) table, gathered per block."""

    def __init__(self, keys: IntArray, table: FloatArray) -> None:
        self.keys = keys  # per mentee, a row of ``table``
        self.table = np.ascontiguousarray(table)

    def block(self, rows: IntArray) -> FloatArray:
        return np.take(self.table, self.keys[rows], axis=0)

    def pairs(self, mentees: IntArray, mentors: IntArray) -> FloatArray:
        return np.asarray(self.table[self.keys[mentees], mentors])


def _key_rows[K](values: Sequence[K]) -> tuple[IntArray, list[K]]:
    """Distinct values (first-seen order) and each element's index among them."""
    index: dict[K, int] = {}
    keys = np.fromiter((index.setdefault(v, len(index)) for v in values), np.int64, len(values))
    return keys, list(index)


class ProfileScores:
    """Scores from application profiles (a ``ScoreSource``).

    ``weights`` maps criteria (``types.CRITERIA``) to non-negative weights;
    missing criteria take ``DEFAULT_WEIGHTS``; a weight of 0 switches a
    criterion off. The score is ``sum(w_c * v_c) / sum(w_c)`` over the
    criteria that count, so it lies in [0, 1]. ``mentee_ranking`` counts only
    for mentees who ranked at least one of these mentors (the weights are
    renormalised per mentee); for the others it is left out.

    ``threads`` > 1 computes a block's sub-blocks in parallel (numpy releases
    the GIL); the result does not depend on it.
    """

    def __init__(
        self,
        mentees: Sequence[MenteeProfile],
        mentors: Sequence[MentorProfile],
        *,
        weights: Mapping[str, float] | None = None,
        programme_kind: ProgrammeKind = "open",
        min_language_overlap: int = 1,
        threads: int = 1,
    ) -> None:
        if programme_kind not in ("open", "internal"):
            raise ValueError(f"programme_kind must be 'open' or 'internal', not {programme_kind!r}")
        if min_language_overlap < 0:
            raise ValueError("min_language_overlap must be >= 0")
        if threads < 1:
            raise ValueError("threads must be >= 1")
        self.mentees: tuple[MenteeProfile, ...] = tuple(mentees)
        self.mentors: tuple[MentorProfile, ...] = tuple(mentors)
        self.mentee_ids: list[str] = [p.id for p in self.mentees]
        self.mentor_ids: list[str] = [p.id for p in self.mentors]
        self.mentee_index: dict[str, int] = _unique_index(self.mentee_ids, "mentee")
        self.mentor_index: dict[str, int] = _unique_index(self.mentor_ids, "mentor")
        self.programme_kind: ProgrammeKind = programme_kind
        self.min_language_overlap = min_language_overlap
        self.threads = threads
        self.weights: dict[str, float] = _check_weights(weights)
        self._n, self._m = len(self.mentees), len(self.mentors)
        self._avail_cache: dict[tuple[str, int], list[str]] = {}
        self._fact_makers = self._make_fact_makers()

        self._prepare_rules()
        self._prepare_text()
        self._prepare_roles_and_benefits()
        self._prepare_tables()
        self._prepare_ranking()
        self._prepare_weighted()

    def _make_fact_makers(self) -> dict[str, Callable[[int, int], Facts]]:
        return {
            "goals_expertise": self._facts_goals,
            "change_lived": self._facts_change,
            "roles": self._facts_roles,
            "benefits": self._facts_benefits,
            "experience": self._facts_experience,
            "different_base": self._facts_base,
            "region_format": self._facts_region,
            "availability": self._facts_availability,
            "mentee_ranking": self._facts_ranking,
        }

    # --- ScoreSource ---------------------------------------------------------

    @property
    def n_mentees(self) -> int:
        return self._n

    @property
    def n_mentors(self) -> int:
        return self._m

    def block(self, start: int, stop: int) -> FloatArray:
        """Scores of mentees[start:stop] against every mentor; ``-inf`` = not allowed."""
        if not 0 <= start <= stop <= self._n:
            raise IndexError(f"block({start}, {stop}) outside 0..{self._n}")
        return self.rows(np.arange(start, stop, dtype=np.int64))

    def rows(self, rows: IntArray, *, threads: int | None = None) -> FloatArray:
        """Scores of the given mentee rows (any order) against every mentor;
        ``threads`` overrides the instance's setting for this call."""
        threads = self.threads if threads is None else max(1, threads)
        rows = np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows), self._m), dtype=np.float32)
        if len(rows) == 0 or self._m == 0:
            return out
        step = max(1, _SUB_ELEMENTS // self._m)
        spans = [(a, min(a + step, len(rows))) for a in range(0, len(rows), step)]

        def work(span: tuple[int, int]) -> None:
            a, b = span
            out[a:b] = self._score_rows(rows[a:b])

        if threads > 1 and len(spans) > 1:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(work, spans))
        else:
            for span in spans:
                work(span)
        return out

    def mentor_slots(self) -> list[MentorSlot]:
        """The mentors with their capacities, for ``types.Problem``."""
        return [MentorSlot(p.id, p.capacity) for p in self.mentors]

    # --- Preparation ---------------------------------------------------------

    def _prepare_rules(self) -> None:
        orgs: dict[str, int] = {}
        self._mentee_org = np.array(
            [orgs.setdefault(o, len(orgs)) if (o := normalise(p.organisation)) else -1
             for p in self.mentees],
            dtype=np.int64,
        )  # fmt: skip
        self._mentor_org = np.array(
            [orgs.setdefault(o, len(orgs)) if (o := normalise(p.organisation)) else -2
             for p in self.mentors],
            dtype=np.int64,
        )  # fmt: skip
        languages: dict[str, int] = {}
        for person_languages in [p.languages for p in self.mentees] + [
            p.languages for p in self.mentors
        ]:
            for code in person_languages:
                if normalise(code):
                    languages.setdefault(normalise(code), len(languages))

        def language_set(codes: Sequence[str]) -> frozenset[int]:
            return frozenset(languages[c] for c in map(normalise, codes) if c)

        mentor_sets = [language_set(p.languages) for p in self.mentors]
        keys, mentee_sets = _key_rows([language_set(p.languages) for p in self.mentees])
        # mentee language set x mentor: fewer shared languages than required
        # (an empty list is unknown and never forbids)
        table = np.zeros((len(mentee_sets), self._m), dtype=bool)
        if self.min_language_overlap > 0:
            mentor_keys, distinct = _key_rows(mentor_sets)
            short = np.array(
                [[bool(a) and bool(b) and len(a & b) < self.min_language_overlap
                  for b in distinct] for a in mentee_sets],
                dtype=bool,
            ).reshape(len(mentee_sets), len(distinct))  # fmt: skip
            table = short[:, mentor_keys]
        self._language_forbidden = _Table(keys, table)
        self._language_rule = bool(table.any())
        rows, cols = [], []
        for i, p in enumerate(self.mentees):
            for mentor_id in dict.fromkeys(p.excluded_mentors):
                j = self.mentor_index.get(mentor_id)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        self._excluded = sp.csr_array(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(self._n, self._m)
        )

    def _prepare_text(self) -> None:
        docs = [words(p.text) for p in self.mentees] + [
            words(p.text + "\n" + "\n".join(p.tags)) for p in self.mentors
        ]
        self._analyzer = TextAnalyzer().fit_words(docs)
        vectorizer = TfidfVectorizer(
            analyzer=self._analyzer.features_of_words,
            sublinear_tf=True,
            dtype=np.float32,
            norm="l2",
        )
        try:
            matrix = sp.csr_array(vectorizer.fit_transform(docs))
            vocabulary: dict[str, int] = dict(vectorizer.vocabulary_)
        except ValueError:  # no words at all
            matrix = sp.csr_array((self._n + self._m, 0), dtype=np.float32)
            vocabulary = {}
        self._vocabulary = vocabulary
        self._terms = np.array(sorted(vocabulary, key=vocabulary.__getitem__), dtype=object)
        self._mentee_text = sp.csr_array(matrix[: self._n])
        self._mentor_text = sp.csr_array(matrix[self._n :])
        self._mentee_has_text = np.diff(self._mentee_text.indptr) > 0
        # Only terms on both sides add to a cosine: drop the rest for the product.
        n_terms = len(vocabulary)
        shared = (np.bincount(self._mentee_text.indices, minlength=n_terms) > 0) & (
            np.bincount(self._mentor_text.indices, minlength=n_terms) > 0
        )
        columns = np.flatnonzero(shared)
        self._text = _Product(self._mentee_text[:, columns], self._mentor_text[:, columns])

        # Expertise tags: a tag is found in the mentee's text when all its core
        # stems are there (the parts of a compound count for the compound).
        tag_ids: dict[str, int] = {}
        tag_cores: list[list[int]] = []
        self._mentor_tags: list[list[tuple[str, int]]] = []
        for p in self.mentors:
            mine: dict[int, str] = {}
            for tag in p.tags:
                key = " ".join(words(tag))
                core = [vocabulary[s] for s in self._analyzer.phrase_core(tag) if s in vocabulary]
                if not key or not core:
                    continue
                if key not in tag_ids:
                    tag_ids[key] = len(tag_ids)
                    tag_cores.append(core)
                mine.setdefault(tag_ids[key], tag)
            self._mentor_tags.append([(tag, t) for t, tag in mine.items()])
        n_tags = len(tag_ids)
        stem_rows = [s for core in tag_cores for s in core]
        stem_cols = [t for t, core in enumerate(tag_cores) for _ in core]
        incidence = sp.csr_array(
            (np.ones(len(stem_rows), dtype=np.float32), (stem_rows, stem_cols)),
            shape=(len(vocabulary), n_tags),
        )
        present = sp.csr_array(self._mentee_text, copy=True)
        present.data[:] = 1.0
        counts = sp.csr_array(present @ incidence)
        sizes = np.array([len(c) for c in tag_cores], dtype=np.float32)
        counts.data = (counts.data == sizes[counts.indices]).astype(np.float32)
        counts.eliminate_zeros()
        self._mentee_tags_found = counts  # mentees x tags, 1 = tag found in the text
        t_rows = [j for j, tags in enumerate(self._mentor_tags) for _ in tags]
        t_cols = [t for tags in self._mentor_tags for _, t in tags]
        mentor_tags = sp.csr_array(
            (np.ones(len(t_rows), dtype=np.float32), (t_rows, t_cols)), shape=(self._m, n_tags)
        )
        self._tags = _Product(counts, mentor_tags)
        has_tags = np.array([bool(t) for t in self._mentor_tags], dtype=bool)
        self._text_share = np.where(has_tags, TEXT_SHARE, 1.0).astype(np.float32)
        self._tag_share = np.where(has_tags, 1.0 - TEXT_SHARE, 0.0).astype(np.float32)

    def _prepare_roles_and_benefits(self) -> None:
        wishes = np.array([_levels(p.role_wishes, ROLE_CODES) for p in self.mentees], np.int64)
        comfort = np.array([_levels(p.role_comfort, ROLE_CODES) for p in self.mentors], np.int64)
        left, right, den = _threshold_matrices(
            wishes.reshape(self._n, len(ROLE_CODES)), comfort.reshape(self._m, len(ROLE_CODES))
        )
        self._roles = _Product(left, right)
        self._roles_den = den
        self._role_wishes, self._role_comfort = wishes, comfort

        b_wishes = np.array(
            [_levels(p.benefit_wishes, BENEFIT_CODES) for p in self.mentees], np.int64
        ).reshape(self._n, len(BENEFIT_CODES))
        offers = np.array(
            [
                _levels(benefit_offer(p.role_comfort, p.years_of_experience), BENEFIT_CODES)
                for p in self.mentors
            ],
            np.int64,
        ).reshape(self._m, len(BENEFIT_CODES))
        left, right, den = _threshold_matrices(b_wishes, offers)
        self._benefits = _Product(left, right)
        self._benefits_den = den
        self._benefit_wishes, self._benefit_offers = b_wishes, offers

    def _prepare_tables(self) -> None:
        m = self._m
        # change_lived: row per change code (+ unknown)
        lived = np.zeros((len(CHANGE_CODES), m), dtype=bool)
        for j, p in enumerate(self.mentors):
            for code in p.change_situations_lived:
                if code in CHANGE_CODES:
                    lived[CHANGE_CODES.index(code), j] = True
        n_ext = len(EXTERNAL_CHANGES)
        family = np.vstack([lived[:n_ext].any(axis=0), lived[n_ext:].any(axis=0)])
        table = np.full((len(CHANGE_CODES) + 1, m), NEUTRAL, dtype=np.float32)
        for c in range(len(CHANGE_CODES)):
            table[c] = np.where(lived[c], 1.0, np.where(family[int(c >= n_ext)], 0.5, 0.0))
        keys = np.array(
            [
                CHANGE_CODES.index(p.change_situation)
                if p.change_situation in CHANGE_CODES
                else len(CHANGE_CODES)
                for p in self.mentees
            ],
            dtype=np.int64,
        )
        self._change = _Table(keys, table)

        # experience: row per distinct mentee years
        mentor_years = np.array(
            [np.nan if p.years_of_experience is None else p.years_of_experience
             for p in self.mentors],
            dtype=np.float64,
        )  # fmt: skip
        keys, years = _key_rows([p.years_of_experience for p in self.mentees])
        table = np.empty((len(years), m), dtype=np.float32)
        for k, y in enumerate(years):
            if y is None:
                table[k] = NEUTRAL
                continue
            gap = mentor_years - float(y)
            with np.errstate(invalid="ignore"):
                value = np.where(gap > 0, -np.expm1(-gap / EXPERIENCE_SCALE), 0.0)
            table[k] = np.where(np.isnan(mentor_years), NEUTRAL, value)
        self._experience = _Table(keys, table)

        # different_base: row per mentee industry
        mentor_industries = [{normalise(s) for s in p.industries} - {""} for p in self.mentors]
        members: dict[str, list[int]] = {}
        for j, mine in enumerate(mentor_industries):
            for industry in mine:
                members.setdefault(industry, []).append(j)
        # industries no mentor has all give the same row: one key ("\0") for them
        keys, industries = _key_rows(
            [
                industry if not industry or industry in members else "\0"
                for industry in (normalise(p.industry) for p in self.mentees)
            ]
        )
        table = np.empty((len(industries), m), dtype=np.float32)
        no_industry = np.array([not s for s in mentor_industries], dtype=bool)
        for k, industry in enumerate(industries):
            if not industry:
                table[k] = INDUSTRY_UNKNOWN
                continue
            same = np.zeros(m, dtype=bool)
            same[members.get(industry, [])] = True
            table[k] = np.where(
                no_industry, INDUSTRY_UNKNOWN, np.where(same, INDUSTRY_SAME, INDUSTRY_DIFFERENT)
            )
        self._different_base = _Table(keys, table)
        self._mentor_industries = mentor_industries

        # region_format: row per (mentee region, mentee format)
        regions: dict[str, int] = {}
        mentor_region = np.array(
            [_region_id(p.region, regions) for p in self.mentors], dtype=np.int64
        )
        mentor_format = np.array([_format_code(p.meeting_format) for p in self.mentors], np.int64)
        keys, combos = _key_rows(
            [(_region_id(p.region, regions), _format_code(p.meeting_format)) for p in self.mentees]
        )
        table = np.empty((len(combos), m), dtype=np.float32)
        for k, combo in enumerate(combos):
            region, fmt = combo
            if region < 0 or not len(mentor_region):
                state = np.full(m, REGION_UNKNOWN, dtype=np.int64)
            else:
                state = np.where(
                    mentor_region < 0,
                    REGION_UNKNOWN,
                    np.where(mentor_region == region, REGION_SAME, REGION_DIFFERENT),
                )
            table[k] = REGION_FORMAT[state, fmt, mentor_format]
        self._region_format = _Table(keys, table)

        # availability: days and times of day, Jaccard each, averaged
        mentee_avail = [availability_codes(p.availability) for p in self.mentees]
        mentor_avail = [availability_codes(p.availability) for p in self.mentors]
        self._mentee_avail, self._mentor_avail = mentee_avail, mentor_avail
        tables: list[_Table] = []
        for axis in (0, 1):
            keys, mentee_sets = _key_rows([_avail_key(a, axis) for a in mentee_avail])
            mentor_keys, mentor_sets = _key_rows([_avail_key(a, axis) for a in mentor_avail])
            similarity = np.array(
                [[_set_similarity(a, b) for b in mentor_sets] for a in mentee_sets],
                dtype=np.float32,
            ).reshape(len(mentee_sets), len(mentor_sets))
            tables.append(_Table(keys, similarity[:, mentor_keys]))
        self._avail_days, self._avail_times = tables

    def _prepare_ranking(self) -> None:
        rows, cols, values = [], [], []
        for i, p in enumerate(self.mentees):
            position = 0
            for mentor_id in dict.fromkeys(p.ranked_mentors):
                j = self.mentor_index.get(mentor_id)
                if j is None:
                    continue
                if position < len(RANK_VALUES):
                    rows.append(i)
                    cols.append(j)
                    values.append(RANK_VALUES[position])
                position += 1
        self._ranking = sp.csr_array(
            (np.array(values, dtype=np.float32), (rows, cols)), shape=(self._n, self._m)
        )
        self._has_ranking = np.zeros(self._n, dtype=bool)
        self._has_ranking[rows] = True
        w = self.weights
        self._base_weight = sum(w[c] for c in CRITERIA if c != "mentee_ranking")
        if self._base_weight + w["mentee_ranking"] <= 0:
            raise ValueError("at least one criterion needs a positive weight")

    # --- Computation ---------------------------------------------------------

    def _prepare_weighted(self) -> None:
        """Fold the weights into one sparse x dense product, built once.

        Every criterion except text and tags is linear in a one-hot row per
        mentee: a table criterion is row ``key`` of its (weighted) table; the
        role coverage numerator is the sum over roles of ``w * min(c, w)`` for
        the mentee's wish level ``w``, i.e. one row per (role, level), scaled
        by ``weight / sum(w*w)`` for the mentee (benefits alike). So a block
        is one product with about 15 non-zeros per mentee row, plus the text
        and tag products and a few elementwise passes. scipy computes these
        products row by row in a fixed order, so a row's score does not depend
        on which block it is in."""
        w = self.weights
        n, m = self._n, self._m
        self._row_add = np.zeros(n, dtype=np.float32)  # neutral values, weighted
        lefts: list[sp.csr_array] = []
        rights: list[FloatArray] = []  # each (k x m)
        tables: list[_Table] = []
        for name, table in (
            ("change_lived", self._change),
            ("experience", self._experience),
            ("different_base", self._different_base),
            ("region_format", self._region_format),
        ):
            if w[name] > 0:
                tables.append(_Table(table.keys, table.table * np.float32(w[name])))
        if w["availability"] > 0:
            for table in (self._avail_days, self._avail_times):
                tables.append(_Table(table.keys, table.table * np.float32(0.5 * w["availability"])))
        for name, wishes, offers in (
            ("roles", self._role_wishes, self._role_comfort),
            ("benefits", self._benefit_wishes, self._benefit_offers),
        ):
            if w[name] <= 0:
                continue
            den = (wishes**2).sum(axis=1)
            wants = den > 0
            scale = np.where(wants, w[name] / np.where(wants, den, 1), 0.0).astype(np.float32)
            self._row_add += np.where(wants, 0.0, w[name] * NEUTRAL).astype(np.float32)
            n_codes = wishes.shape[1]
            # column (code, level - 1) holds level * min(offer, level) per mentor
            right = np.zeros((n_codes * 3, m), dtype=np.float32)
            for level in (1, 2, 3):
                right[level - 1 :: 3] = (level * np.minimum(offers, level)).T
            r, c = np.nonzero(wishes)
            lefts.append(
                sp.csr_array((scale[r], (r, c * 3 + wishes[r, c] - 1)), shape=(n, n_codes * 3))
            )
            rights.append(right)
        budget = _DENSE_LIMIT - sum(r.size for r in rights)
        self._weighted_tables: list[_Table] = []  # too large for the product: gathered
        for table in sorted(tables, key=lambda t: len(t.table)):
            k = len(table.table)
            if k * m <= budget:
                budget -= k * m
                ones = np.ones(n, dtype=np.float32)
                lefts.append(sp.csr_array((ones, (np.arange(n), table.keys)), shape=(n, k)))
                rights.append(np.asarray(table.table, dtype=np.float32))
            else:
                self._weighted_tables.append(table)
        self._linear = _Product.from_dense(
            sp.hstack(lefts, format="csr") if lefts else sp.csr_array((n, 0), dtype=np.float32),
            np.vstack(rights) if rights else np.zeros((0, m), dtype=np.float32),
        )
        goals = w["goals_expertise"]
        self._goal_text_coef = (goals * self._text_share).astype(np.float32)
        self._goal_tag_coef = (goals * self._tag_share / TAG_SATURATION).astype(np.float32)
        # A mentee without text scores nothing on text or tags; add the neutral value.
        self._row_add += np.where(self._mentee_has_text, 0.0, goals * NEUTRAL).astype(np.float32)
        self._pair_weights: dict[bool, dict[str, float]] = {}
        for ranked in (False, True):
            counted = {c: w[c] for c in CRITERIA if w[c] > 0 and (ranked or c != "mentee_ranking")}
            total = sum(counted.values())
            self._pair_weights[ranked] = {c: v / total for c, v in counted.items()}
        self._weighted_ranking = sp.csr_array(self._ranking * w["mentee_ranking"])
        # Only possible when the ranking is the only criterion and the mentee
        # ranked nobody: no criterion counts, every allowed pair is neutral.
        row_weight = self._base_weight + w["mentee_ranking"] * self._has_ranking
        nothing = row_weight <= 0
        self._row_add[nothing] = NEUTRAL
        self._inv_weight = (1.0 / np.where(nothing, 1.0, row_weight)).astype(np.float32)

    def with_weights(self, weights: Mapping[str, float] | None) -> ProfileScores:
        """The same profiles scored with other weights (a what-if re-run); the
        text model and tables are shared, so this is cheap."""
        other = copy.copy(self)
        other.weights = _check_weights(weights)
        other._fact_makers = other._make_fact_makers()
        other._prepare_ranking()
        other._prepare_weighted()
        return other

    def _score_rows(self, rows: IntArray) -> FloatArray:
        m = self._m
        total = self._linear.block(rows, m)
        for table in self._weighted_tables:
            total += table.block(rows)
        if self.weights["goals_expertise"] > 0:
            text = self._text.block(rows, m)  # TF-IDF weights are >= 0: so is the cosine
            np.sqrt(text, out=text)
            text *= self._goal_text_coef
            total += text
            if self._tags.nonempty:
                tags = self._tags.block(rows, m)
                np.minimum(tags, TAG_SATURATION, out=tags)
                tags *= self._goal_tag_coef
                total += tags
        ranked = sp.coo_array(self._weighted_ranking[rows])
        if ranked.nnz:
            total[ranked.row, ranked.col] += ranked.data
        total += self._row_add[rows, None]
        total *= self._inv_weight[rows, None]
        np.minimum(total, 1.0, out=total)
        np.copyto(total, np.float32(FORBIDDEN), where=self._forbidden_block(rows))
        return total

    def _forbidden_block(self, rows: IntArray) -> BoolArray:
        forbidden: BoolArray
        if self._language_rule:
            forbidden = np.asarray(self._language_forbidden.block(rows), dtype=bool)
        else:
            forbidden = np.zeros((len(rows), self._m), dtype=bool)
        if self.programme_kind == "open":
            forbidden |= self._mentee_org[rows, None] == self._mentor_org[None, :]
        excluded = sp.coo_array(self._excluded[rows])
        forbidden[excluded.row, excluded.col] = True
        return forbidden

    # --- Pairs (explanations) ------------------------------------------------

    def pair_values(self, mentees: IntArray, mentors: IntArray) -> dict[str, FloatArray]:
        """Each criterion's value for the pairs (mentees[k], mentors[k]), by index."""
        mentees = np.asarray(mentees, dtype=np.int64)
        mentors = np.asarray(mentors, dtype=np.int64)
        out: dict[str, FloatArray] = {}
        text = np.sqrt(np.maximum(self._text.pairs(mentees, mentors), 0.0))
        tags = np.minimum(self._tags.pairs(mentees, mentors) / TAG_SATURATION, 1.0)
        goals = self._text_share[mentors] * text + self._tag_share[mentors] * tags
        out["goals_expertise"] = np.where(self._mentee_has_text[mentees], goals, NEUTRAL)
        for name, product, den in (
            ("roles", self._roles, self._roles_den),
            ("benefits", self._benefits, self._benefits_den),
        ):
            row_den = den[mentees]
            raw = product.pairs(mentees, mentors)
            out[name] = np.where(row_den > 0, raw / np.where(row_den > 0, row_den, 1.0), NEUTRAL)
        out["change_lived"] = self._change.pairs(mentees, mentors)
        out["experience"] = self._experience.pairs(mentees, mentors)
        out["different_base"] = self._different_base.pairs(mentees, mentors)
        out["region_format"] = self._region_format.pairs(mentees, mentors)
        out["availability"] = 0.5 * (
            self._avail_days.pairs(mentees, mentors) + self._avail_times.pairs(mentees, mentors)
        )
        out["mentee_ranking"] = np.asarray(self._ranking[mentees, mentors], dtype=np.float32)
        return {c: np.asarray(out[c], dtype=np.float32) for c in CRITERIA}

    def pair_weights(self, i: int) -> dict[str, float]:
        """The normalised weights that count for mentee ``i`` (they sum to 1)."""
        return dict(self._pair_weights[bool(self._has_ranking[i])])

    def forbidden_reasons(self, rows: IntArray) -> dict[str, BoolArray]:
        """Which hard rule forbids which pair (rows x mentors), rule by rule."""
        rows = np.asarray(rows, dtype=np.int64)
        shape = (len(rows), self._m)
        same_org = np.zeros(shape, dtype=bool)
        if self.programme_kind == "open":
            same_org = self._mentee_org[rows, None] == self._mentor_org[None, :]
        language = np.asarray(self._language_forbidden.block(rows), dtype=bool)
        excluded = self._excluded[rows].toarray() > 0
        return {
            "same_organisation": same_org,
            "no_shared_language": language,
            "excluded": excluded,
        }

    def contributions(self, i: int, j: int) -> list[Contribution]:
        """Each counted criterion's value, normalised weight, points and facts
        for the pair (mentee i, mentor j); the points add up to the score."""
        values = self.pair_values(np.array([i]), np.array([j]))
        return self.contributions_from_values(i, j, {c: float(v[0]) for c, v in values.items()})

    def contributions_from_values(
        self, i: int, j: int, values: Mapping[str, float]
    ) -> list[Contribution]:
        out = []
        for criterion, weight in self._pair_weights[bool(self._has_ranking[i])].items():
            value = float(values[criterion])
            out.append(
                Contribution(
                    criterion=criterion,
                    value=value,
                    weight=weight,
                    points=weight * value,
                    facts=self._fact_makers[criterion](i, j),
                )
            )
        return out

    # --- Facts -----------------------------------------------------------------

    def facts(self, criterion: str, i: int, j: int) -> Facts:
        """The facts a sentence about ``criterion`` for (mentee i, mentor j) can use
        (documented per criterion in docs/matching.md)."""
        return self._fact_makers[criterion](i, j)

    def _facts_goals(self, i: int, j: int, top: int = 5) -> Facts:
        found = set(_row(self._mentee_tags_found, i)[0].tolist())
        tags = [tag for tag, t in self._mentor_tags[j] if t in found]
        a_cols, a_data = _row(self._mentee_text, i)
        mine = dict(zip(a_cols.tolist(), a_data.tolist(), strict=True))
        b_cols, b_data = _row(self._mentor_text, j)
        shared = sorted(
            (-mine[col] * value, col)
            for col, value in zip(b_cols.tolist(), b_data.tolist(), strict=True)
            if col in mine
        )
        terms: list[str] = []
        for _, col in shared:
            word = self._analyzer.surface(str(self._terms[col]))
            if word not in terms:
                terms.append(word)
                if len(terms) == top:
                    break
        return {
            "tags": tags,
            "terms": terms,
            "similarity": round(float(-sum(w for w, _ in shared)) + 0.0, 4),
        }

    def _facts_change(self, i: int, j: int) -> Facts:
        code = self.mentees[i].change_situation
        if code not in CHANGE_CODES:
            return {"match": "unknown", "situation": code}
        kind = "external" if code in EXTERNAL_CHANGES else "internal"
        family = EXTERNAL_CHANGES if kind == "external" else INTERNAL_CHANGES
        lived = [c for c in family if c in self.mentors[j].change_situations_lived]
        match = "same" if code in lived else ("same_kind" if lived else "none")
        return {"situation": code, "kind": kind, "match": match, "mentor_situations": lived}

    def _matched_levels(
        self, wishes: npt.NDArray[np.int64], offers: npt.NDArray[np.int64], codes: Sequence[str]
    ) -> Facts:
        wish, offer = wishes.tolist(), offers.tolist()
        order = sorted(range(len(codes)), key=lambda r: (-wish[r], -offer[r], r))
        wanted = [r for r in order if wish[r] >= 2]
        top = max(wish, default=0)
        return {
            "matched": [codes[r] for r in wanted if offer[r] >= 2],
            "missing": [codes[r] for r in wanted if offer[r] <= 1],
            "mentee_top": [codes[r] for r in order if wish[r] == top > 0],
        }

    def _facts_roles(self, i: int, j: int) -> Facts:
        facts = self._matched_levels(self._role_wishes[i], self._role_comfort[j], ROLE_CODES)
        return {
            "roles": facts["matched"],
            "missing": facts["missing"],
            "mentee_top": facts["mentee_top"],
        }

    def _facts_benefits(self, i: int, j: int) -> Facts:
        facts = self._matched_levels(
            self._benefit_wishes[i], self._benefit_offers[j], BENEFIT_CODES
        )
        years = self.mentors[j].years_of_experience
        out: Facts = {
            "areas": facts["matched"],
            "missing": facts["missing"],
            "mentee_top": facts["mentee_top"],
        }
        if years is not None and years >= SENIOR_YEARS:
            out["senior"] = 1
        return out

    def _facts_experience(self, i: int, j: int) -> Facts:
        a, b = self.mentees[i].years_of_experience, self.mentors[j].years_of_experience
        out: Facts = {}
        if a is not None:
            out["mentee_years"] = a
        if b is not None:
            out["mentor_years"] = b
        if a is not None and b is not None:
            out["gap"] = b - a
        else:
            out["unknown"] = 1
        return out

    def _facts_base(self, i: int, j: int) -> Facts:
        mentee, mentor = self.mentees[i], self.mentors[j]
        out: Facts = {
            "programme_kind": self.programme_kind,
            "mentee_organisation": mentee.organisation.strip(),
            "mentor_organisation": mentor.organisation.strip(),
            "mentee_industry": mentee.industry.strip(),
            "mentor_industries": [s.strip() for s in mentor.industries if s.strip()],
        }
        if self._mentee_org[i] >= 0 and self._mentor_org[j] >= 0:
            out["different_organisation"] = int(self._mentee_org[i] != self._mentor_org[j])
        industry = normalise(mentee.industry)
        if industry and self._mentor_industries[j]:
            out["different_industry"] = int(industry not in self._mentor_industries[j])
        return out

    def _facts_region(self, i: int, j: int) -> Facts:
        mentee, mentor = self.mentees[i], self.mentors[j]
        a, b = normalise(mentee.region), normalise(mentor.region)
        fa, fb = _format_code(mentee.meeting_format), _format_code(mentor.meeting_format)
        out: Facts = {
            "mentee_region": a,
            "mentor_region": b,
            "mentee_format": normalise(mentee.meeting_format),
            "mentor_format": normalise(mentor.meeting_format),
            "both_virtual": int(fa in (VIRTUAL, MIXED) and fb in (VIRTUAL, MIXED)),
        }
        if a and b and a not in VAGUE_REGIONS and b not in VAGUE_REGIONS:
            out["same_region"] = int(a == b)
        return out

    def _avail_list(self, side: str, k: int) -> list[str]:
        key = (side, k)
        cached = self._avail_cache.get(key)
        if cached is None:
            days, times, flexible = (self._mentee_avail if side == "e" else self._mentor_avail)[k]
            cached = [c for c in DAYS if c in days] + [c for c in TIMES if c in times]
            if flexible:
                cached.append("flexible")
            self._avail_cache[key] = cached
        return cached

    def _facts_availability(self, i: int, j: int) -> Facts:
        mine, theirs = self._avail_list("e", i), self._avail_list("r", j)
        return {
            "common": [c for c in mine if c in theirs],
            "mentee": list(mine),
            "mentor": list(theirs),
        }

    def _facts_ranking(self, i: int, j: int) -> Facts:
        cols, values = _row(self._ranking, i)
        ranked = dict(zip(cols.tolist(), values.tolist(), strict=True))
        value = ranked.get(j, 0.0)
        return {"rank": RANK_VALUES.index(value) + 1 if value in RANK_VALUES else 0}


# --- Helpers -----------------------------------------------------------------


def _row(matrix: sp.csr_array, i: int) -> tuple[IntArray, FloatArray]:
    """Column indices and values of row ``i`` of a CSR matrix (no copy)."""
    start, stop = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[start:stop], matrix.data[start:stop]


def _unique_index(ids: Sequence[str], what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for k, value in enumerate(ids):
        if value in index:
            raise ValueError(f"duplicate {what} id {value!r}")
        index[value] = k
    return index


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    out = dict(DEFAULT_WEIGHTS)
    for criterion, weight in (weights or {}).items():
        if criterion not in CRITERIA:
            raise ValueError(f"unknown criterion {criterion!r}")
        value = float(weight)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"weight of {criterion} must be a finite number >= 0")
        out[criterion] = value
    if sum(out.values()) <= 0:
        raise ValueError("at least one criterion needs a positive weight")
    return out


def _region_id(region: str, regions: dict[str, int]) -> int:
    value = normalise(region)
    if not value or value in VAGUE_REGIONS:
        return -1
    return regions.setdefault(value, len(regions))


def _format_code(value: str) -> int:
    code = normalise(value)
    return MEETING_FORMATS.index(code) + 1 if code in MEETING_FORMATS else FORMAT_UNKNOWN


_FLEX = "*"


def _avail_key(
    avail: tuple[frozenset[str], frozenset[str], bool], axis: int
) -> frozenset[str] | str:
    """One axis (days or times) of an availability: the set found, "*" if the
    person only says they are flexible, or the empty set if nothing is known."""
    found = avail[0] if axis == 0 else avail[1]
    if found:
        return found
    return _FLEX if avail[2] else frozenset()


def _set_similarity(a: frozenset[str] | str, b: frozenset[str] | str) -> float:
    """Jaccard similarity of two sets; unknown (empty) on either side gives 0.5,
    flexible fits any known set."""
    if not a or not b:
        return NEUTRAL
    if isinstance(a, str) or isinstance(b, str):
        return 1.0  # flexible
    return len(a & b) / len(a | b)
