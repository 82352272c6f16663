"""Writes of the meetings app, one module per part: ``validation`` (the
limits and checks of a meeting, shared with the forms; validation, not
permissions), ``meetings`` (plan, change,
cancel), ``record`` (agenda, held, feedback), ``closure``, ``homework``,
``goals``, ``notes`` and ``reminders`` (scheduled reminder rows and the
periodic job)."""
