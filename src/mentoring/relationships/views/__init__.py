"""Views of the relationships app, one module per part of the relationship:
``matches`` (a proposed match and each side's answer), ``roles`` (the roles
exercise), ``agreement`` (the collaboration agreement and its PDF), ``trial``
(first meeting and trial gate) and ``coordinate`` (the coordinator's view of
the pairs). ``access`` finds the mentorship or answers 404. The pair's home
page, which reads the meetings and evaluations too, is the portal's
(``portal.views.pair_home``)."""
