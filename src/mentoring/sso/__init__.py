"""Single sign-on: identity providers of organisations (OpenID Connect through
django-allauth's ``openid_connect`` provider; the model is ready for SAML).

Modules: ``models`` (IdentityProvider), ``enums`` (protocols, the MFA values of
``amr``), ``selectors`` (providers for the login page, home-realm discovery,
SSO-only domains, allauth's app list), ``services`` (save, disable, the audited
SSO events), ``adapter`` (allauth's social account adapter: app list, linking
rules, just-in-time accounts; the account adapter: SSO-only and the MFA stage),
``oidc`` (the OpenID Connect adapter that always verifies the id_token's
signature, and RP-initiated logout), ``stages`` (the MFA stage that honours MFA
asserted by the identity provider), ``middleware`` (the providers in the
CSP's form-action), ``receivers`` (allauth's signals), ``forms``, ``views``,
``urls``. allauth's social accounts are in the privacy register with allauth's
other models (``accounts.privacy``)."""
