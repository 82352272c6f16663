"""Forms of the meetings app, one module per part (``meetings``, ``homework``,
``goals``, ``notes``)."""
