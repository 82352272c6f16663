"""Profile-based scores: every (mentee, mentor) pair gets a value in [0, 1]
per criterion, and the pair's score is the weighted mean of the criteria.

:class:`ProfileScores` implements :class:`~mentoring.matching.engine.types.ScoreSource`:
``block(start, stop)`` computes only the requested mentee rows, vectorised
with numpy (per-mentor arrays and small lookup tables are prepared once), and
gives ``-inf`` where a hard rule forbids the pair. Coordinator vetoes and the
programme's minimum score are applied by the solver, not here.

The criteria, their defaults and the facts behind each explanation are
documented in ``docs/matching.md`` ("Scoring and explanations"). The parts
``ProfileScores`` is built from: ``criteria`` (vocabularies, default weights,
constants), ``text_model`` (TF-IDF and expertise tags of goals_expertise),
``tables`` (products and lookup tables of the other criteria) and ``facts``
(the facts behind each explanation).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

from mentoring.matching.engine.criteria import (
    BENEFIT_CODES,
    NEUTRAL,
    RANK_VALUES,
    ROLE_CODES,
    TAG_SATURATION,
    BoolArray,
    Facts,
    IntArray,
    ProgrammeKind,
    _check_weights,
    _levels,
    _threshold_matrices,
    benefit_offer,
    normalise,
)
from mentoring.matching.engine.facts import PairFacts
from mentoring.matching.engine.tables import (
    _DENSE_LIMIT,
    _key_rows,
    _Product,
    _Table,
    criterion_tables,
)
from mentoring.matching.engine.text_model import text_model
from mentoring.matching.engine.types import (
    CRITERIA,
    FORBIDDEN,
    Contribution,
    FloatArray,
    MenteeProfile,
    MentorProfile,
    MentorSlot,
)

_SUB_ELEMENTS = 1 << 20  # target pairs per internal sub-block (4 MB of float32)


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
        self._facts = PairFacts(self)

        self._prepare_rules()
        self._prepare_text()
        self._prepare_roles_and_benefits()
        self._prepare_tables()
        self._prepare_ranking()
        self._prepare_weighted()

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
        model = text_model(self.mentees, self.mentors)
        self._analyzer = model.analyzer
        self._vocabulary = model.vocabulary
        self._terms = model.terms
        self._mentee_text = model.mentee_text
        self._mentor_text = model.mentor_text
        self._mentee_has_text = model.mentee_has_text
        self._text = model.text_product
        self._mentor_tags = model.mentor_tag_lists
        self._mentee_tags_found = model.mentee_tags_found
        self._tags = model.tags_product
        self._text_share = model.text_share
        self._tag_share = model.tag_share

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
        tables = criterion_tables(self.mentees, self.mentors)
        self._change = tables.change
        self._experience = tables.experience
        self._different_base = tables.different_base
        self._mentor_industries = tables.mentor_industries
        self._region_format = tables.region_format
        self._mentee_avail = tables.mentee_avail
        self._mentor_avail = tables.mentor_avail
        self._avail_days = tables.avail_days
        self._avail_times = tables.avail_times

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
        other._facts = PairFacts(other)
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
                    facts=self._facts.facts(criterion, i, j),
                )
            )
        return out

    # --- Facts -----------------------------------------------------------------

    def facts(self, criterion: str, i: int, j: int) -> Facts:
        """The facts a sentence about ``criterion`` for (mentee i, mentor j) can use
        (documented per criterion in docs/matching.md; ``facts.PairFacts``)."""
        return self._facts.facts(criterion, i, j)


def _unique_index(ids: Sequence[str], what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for k, value in enumerate(ids):
        if value in index:
            raise ValueError(f"duplicate {what} id {value!r}")
        index[value] = k
    return index
