"""Writes of the meetings app, one module per part: ``validation`` (the
limits and checks of a meeting, shared with the forms; validation, not
permissions), ``meetings`` (plan, change, cancel), ``record`` (agenda, held,
feedback, the first meeting recorded at the trial gate), ``transition``
(``meeting_transition``, the one function that changes a meeting's status),
``closure``, ``homework``, ``goals``, ``notes``, ``calendar`` and
``reminders`` (scheduled reminder rows and the periodic job)."""
