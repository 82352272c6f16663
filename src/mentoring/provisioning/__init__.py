"""Provisioning: the organisation's identity provider creates, updates and
deactivates accounts (SCIM 2.0, RFC 7643/7644, at ``/scim/v2/``), or staff
upload the same attributes as a CSV file.

Modules:

- ``models``: ``ScimToken`` (bearer tokens, stored as a keyed hash) and
  ``ProvisionedUser`` (what the identity provider calls the account: its
  ``userName``, ``externalId``, name parts); ``enums``: token scopes and
  lifetimes; ``apps``: the app's configuration.
- ``tokens``: creating, checking and revoking tokens (services).
- ``scim``: the SCIM resources and discovery documents, built on
  ``scim2-models``; mapping an account to a SCIM User and back.
- ``selectors``: the accounts SCIM sees, its filters, the tokens.
- ``services``: create, replace, patch and delete a SCIM User, and apply a
  CSV upload; every change of an account goes through ``accounts.services``
  (``user_provision``, ``user_update_attributes``, ``user_deactivate``,
  ``user_reactivate``).
- ``csv_io``: reading and checking a CSV upload (the preview).
- ``privacy``: the register entries of the app's personal data.
- ``forms``, ``views`` (``views.scim``: the protocol endpoints;
  ``views.staff``: tokens and the CSV upload, superusers only) and ``urls``.
"""
