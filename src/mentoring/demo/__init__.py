"""The demo app: the demo programmes, their people and the demo logins.

Modules: ``data`` (the demo data only, no code that writes) and
``management/commands/seed_demo.py`` (``manage.py seed_demo`` writes the data
through the services of the feature apps). It sits above every feature app
and nothing imports it.
"""
