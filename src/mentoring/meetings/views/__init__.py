"""Views of the meetings app, one module per part: ``meetings`` (planning,
agenda, held, closure), ``homework``, ``goals``, ``journal`` (notes),
``calendar`` (.ics invitations and the personal feed) and ``coordinate``
(the coordinator's overview). Pair pages find the mentorship with
``mentoring.relationships.selectors.pair_or_404``."""
