"""Writes of the meetings app, one module per part: ``meetings`` (plan, edit,
cancel, agenda, held, closure), ``homework``, ``goals``, ``notes`` and
``reminders`` (scheduled reminder rows and the periodic job)."""
