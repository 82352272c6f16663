"""Writes of the meetings app, one module per part: ``rules`` (the limits
and checks of a meeting, shared with the forms), ``meetings`` (plan, change,
cancel), ``record`` (agenda, held, feedback), ``closure``, ``homework``,
``goals``, ``notes`` and ``reminders`` (scheduled reminder rows and the
periodic job)."""
