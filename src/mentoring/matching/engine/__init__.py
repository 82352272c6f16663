"""The matching engine: plain Python with numpy and OR-Tools, no Django.

``types`` holds the contract between scoring (``scoring``), the solver
(``solver``), explanations (``explain``) and the Django side.

Modules:

- ``types``: ``Problem``, ``MentorSlot``, ``ScoreSource``, ``Solution``,
  ``Unmatched``, the criteria; ``errors``: ``ProblemError``.
- ``sources``: ``DenseScores``, ``SparseScores``.
- Scoring: ``scoring`` (``ProfileScores``), built from ``criteria``
  (vocabularies, default weights, constants), ``text`` (the Danish/English
  text analyser), ``text_model`` (TF-IDF and expertise tags), ``tables``
  (products and lookup tables) and ``facts`` (the facts behind each
  explanation).
- Solving: ``solver`` (``solve``, ``Session``), ``blocks`` (the problem in
  index form, score rows block by block), ``candidates`` (the first candidate
  graph), ``flow`` (the graph and its optimal flow), ``duals`` (dual prices
  and the certificate), ``scans`` (passes over all pairs), ``proof`` (the
  incremental re-proof), ``solution`` (the answer and the unmatched reasons).
- ``explain``: alternatives and reasons for the Django side.
- ``synthetic``: realistic test profiles; ``problem_io`` and ``__main__``:
  the JSON format and the command line.
"""
