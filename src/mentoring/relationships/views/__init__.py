"""Views of the relationships app, one module per part of the relationship:
``matches`` (a proposed match and each side's answer), ``pair`` (the pair's
home page), ``roles`` (the roles exercise), ``agreement`` (the collaboration
agreement and its PDF), ``trial`` (first meeting and trial gate) and
``coordinate`` (the coordinator's view of the pairs). ``access`` finds the
mentorship or answers 404."""
