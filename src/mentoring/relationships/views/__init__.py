"""Views of the relationships app, one module per part of the relationship:
``roles`` (the roles exercise), ``agreement`` (the collaboration agreement and
its PDF), ``trial`` (first meeting and trial gate) and ``coordinate`` (the
coordinator's view of the pairs). The pages that read other apps too are the
portal's: the pair's home page (``portal.views.pair_home``) and a proposed
match with matching's explanations (``portal.views.match_detail``)."""
