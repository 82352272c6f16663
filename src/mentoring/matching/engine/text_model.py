"""The text model of the ``goals_expertise`` criterion: TF-IDF vectors of the
mentees' goals and the mentors' expertise (``text.TextAnalyzer``: Danish and
English stems, compounds), and which of each mentor's expertise tags are
found in each mentee's text. Built once per ``ProfileScores``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from mentoring.matching.engine.criteria import TEXT_SHARE, BoolArray
from mentoring.matching.engine.tables import _Product
from mentoring.matching.engine.text import TextAnalyzer, words
from mentoring.matching.engine.types import FloatArray, MenteeProfile, MentorProfile


@dataclass(frozen=True)
class TextModel:
    """The prepared text of a pool (see the module docstring)."""

    analyzer: TextAnalyzer  # the fitted analyser (stems, compounds, surface words)
    vocabulary: dict[str, int]  # TF-IDF term -> column
    terms: npt.NDArray[np.object_]  # the terms in column order
    mentee_text: sp.csr_array  # mentees x terms, TF-IDF rows (l2)
    mentor_text: sp.csr_array  # mentors x terms (text and tags)
    mentee_has_text: BoolArray  # per mentee: any term at all
    text_product: _Product  # the cosine as a product (shared terms only)
    mentor_tag_lists: list[list[tuple[str, int]]]  # per mentor: (tag as written, tag id)
    mentee_tags_found: sp.csr_array  # mentees x tags, 1 = tag found in the text
    tags_product: _Product  # mentee tags found x mentor tags
    text_share: FloatArray  # per mentor: the text's share of goals_expertise
    tag_share: FloatArray  # per mentor: the tags' share


def text_model(mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]) -> TextModel:
    """TF-IDF and tag matches of ``mentees`` against ``mentors``."""
    n, m = len(mentees), len(mentors)
    docs = [words(p.text) for p in mentees] + [
        words(p.text + "\n" + "\n".join(p.tags)) for p in mentors
    ]
    analyzer = TextAnalyzer().fit_words(docs)
    vectorizer = TfidfVectorizer(
        analyzer=analyzer.features_of_words,
        sublinear_tf=True,
        dtype=np.float32,
        norm="l2",
    )
    try:
        matrix = sp.csr_array(vectorizer.fit_transform(docs))
        vocabulary: dict[str, int] = dict(vectorizer.vocabulary_)
    except ValueError:  # no words at all
        matrix = sp.csr_array((n + m, 0), dtype=np.float32)
        vocabulary = {}
    terms = np.array(sorted(vocabulary, key=vocabulary.__getitem__), dtype=object)
    mentee_text = sp.csr_array(matrix[:n])
    mentor_text = sp.csr_array(matrix[n:])
    mentee_has_text = np.diff(mentee_text.indptr) > 0
    # Only terms on both sides add to a cosine: drop the rest for the product.
    n_terms = len(vocabulary)
    shared = (np.bincount(mentee_text.indices, minlength=n_terms) > 0) & (
        np.bincount(mentor_text.indices, minlength=n_terms) > 0
    )
    columns = np.flatnonzero(shared)
    text_product = _Product(mentee_text[:, columns], mentor_text[:, columns])

    # Expertise tags: a tag is found in the mentee's text when all its core
    # stems are there (the parts of a compound count for the compound).
    tag_ids: dict[str, int] = {}
    tag_cores: list[list[int]] = []
    mentor_tag_lists: list[list[tuple[str, int]]] = []
    for p in mentors:
        mine: dict[int, str] = {}
        for tag in p.tags:
            key = " ".join(words(tag))
            core = [vocabulary[s] for s in analyzer.phrase_core(tag) if s in vocabulary]
            if not key or not core:
                continue
            if key not in tag_ids:
                tag_ids[key] = len(tag_ids)
                tag_cores.append(core)
            mine.setdefault(tag_ids[key], tag)
        mentor_tag_lists.append([(tag, t) for t, tag in mine.items()])
    n_tags = len(tag_ids)
    stem_rows = [s for core in tag_cores for s in core]
    stem_cols = [t for t, core in enumerate(tag_cores) for _ in core]
    incidence = sp.csr_array(
        (np.ones(len(stem_rows), dtype=np.float32), (stem_rows, stem_cols)),
        shape=(len(vocabulary), n_tags),
    )
    present = sp.csr_array(mentee_text, copy=True)
    present.data[:] = 1.0
    counts = sp.csr_array(present @ incidence)
    sizes = np.array([len(c) for c in tag_cores], dtype=np.float32)
    counts.data = (counts.data == sizes[counts.indices]).astype(np.float32)
    counts.eliminate_zeros()
    mentee_tags_found = counts  # mentees x tags, 1 = tag found in the text
    t_rows = [j for j, tags in enumerate(mentor_tag_lists) for _ in tags]
    t_cols = [t for tags in mentor_tag_lists for _, t in tags]
    mentor_tags = sp.csr_array(
        (np.ones(len(t_rows), dtype=np.float32), (t_rows, t_cols)), shape=(m, n_tags)
    )
    tags_product = _Product(counts, mentor_tags)
    has_tags = np.array([bool(t) for t in mentor_tag_lists], dtype=bool)
    text_share = np.where(has_tags, TEXT_SHARE, 1.0).astype(np.float32)
    tag_share = np.where(has_tags, 1.0 - TEXT_SHARE, 0.0).astype(np.float32)
    return TextModel(
        analyzer=analyzer,
        vocabulary=vocabulary,
        terms=terms,
        mentee_text=mentee_text,
        mentor_text=mentor_text,
        mentee_has_text=mentee_has_text,
        text_product=text_product,
        mentor_tag_lists=mentor_tag_lists,
        mentee_tags_found=mentee_tags_found,
        tags_product=tags_product,
        text_share=text_share,
        tag_share=tag_share,
    )
