from django.urls import path

from mentoring.sso import views

app_name = "sso"

urlpatterns = [
    # allauth's openid_connect paths, served by our views (always-verified id_token).
    # Included before allauth's URLs, so these answer first.
    path("accounts/oidc/<str:provider_id>/login/", views.oidc_login, name="oidc_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        views.oidc_callback,
        name="oidc_callback",
    ),
    # allauth's SAML ACS finishing step, served by ours (refusals explained and
    # audited, AuthnContextClassRef and the logout session kept).
    path(
        "accounts/saml/<str:organization_slug>/acs/finish/",
        views.saml_finish_acs,
        name="saml_finish_acs",
    ),
    # allauth's SAML single logout service, served by ours (the IdP's
    # signature required on LogoutRequests and LogoutResponses).
    path(
        "accounts/saml/<str:organization_slug>/sls/",
        views.saml_single_logout,
        name="saml_sls",
    ),
    path("accounts/sso/discover/", views.discover, name="discover"),
    path("staff/sso/", views.provider_list, name="providers"),
    path("staff/sso/add/", views.provider_edit, name="provider_add"),
    path("staff/sso/<int:pk>/", views.provider_edit, name="provider_edit"),
    path("staff/sso/<int:pk>/toggle/", views.provider_toggle, name="provider_toggle"),
]
