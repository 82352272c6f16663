"""The REST API (``/api/v1/``) and its tokens.

The top layer beside ``demo``: it reads the selectors of every app below it,
so a token sees exactly what its owner sees on the web.

Modules:

- ``apps``: the app's configuration.
- ``enums``: the resources and the scopes a token may hold.
- ``models``: ``ApiToken`` (a keyed hash, never the key) and
  ``IdempotencyRecord`` (a POST's stored answer, replayed for the same key).
- ``services``: creating, revoking and using tokens; storing idempotent answers.
- ``selectors``: tokens of a person, a token by its key.
- ``authentication``, ``permissions``, ``throttling``, ``pagination``,
  ``problems`` (RFC 9457 errors), ``conditional`` (ETag): the parts Django REST
  framework plugs in.
- ``filters``: ``?status=`` and ``?updated_since=``.
- ``serializers``: the resources' shapes (the OpenAPI document is made from them).
- ``forms``: the form for a new token.
- ``privacy``: the app's entries in the privacy register.
- ``urls``: ``/api/v1/`` and ``/coordinate/api-tokens/``.
- ``views``: ``resources`` and ``results`` (the endpoints), ``docs`` (schema and reference
  page), ``tokens`` (the coordinator's token pages).
"""
