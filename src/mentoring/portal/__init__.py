"""The portal: pages composed from several feature apps, on the top floor.

Modules: ``views`` (the front page ``home`` and the pair's home page
``pair_home``), ``urls`` (their routes; the pages keep the URL names they had
before they moved here) and ``templates/portal/``. Nothing imports the portal
but the project's ``urls.py``.
"""
