"""The provisioning app's pages: ``scim`` (the SCIM 2.0 endpoints, bearer
token) and ``staff`` (tokens and the CSV upload, superusers with MFA)."""
