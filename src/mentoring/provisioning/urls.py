from django.urls import path

from mentoring.provisioning.views import scim, staff

app_name = "provisioning"

urlpatterns = [
    # SCIM 2.0 (RFC 7644), bearer token; no trailing slashes, as clients send them
    path(
        "scim/v2/ServiceProviderConfig",
        scim.service_provider_config,
        name="scim_service_provider_config",
    ),
    path("scim/v2/ResourceTypes", scim.resource_types, name="scim_resourcetypes"),
    path("scim/v2/ResourceTypes/<str:ident>", scim.resource_type, name="scim_resourcetype"),
    path("scim/v2/Schemas", scim.schemas, name="scim_schemas"),
    path("scim/v2/Schemas/<str:ident>", scim.schema, name="scim_schema"),
    path("scim/v2/.search", scim.users_search, name="scim_search"),
    path("scim/v2/Users", scim.users, name="scim_users"),
    path("scim/v2/Users/.search", scim.users_search, name="scim_users_search"),
    path("scim/v2/Users/<str:pk>", scim.user, name="scim_user"),
    path("scim/v2/<path:rest>", scim.not_found, name="scim_not_found"),
    # Staff (superusers): tokens and the CSV upload
    path("staff/provisioning/", staff.tokens, name="tokens"),
    path("staff/provisioning/tokens/<int:pk>/revoke/", staff.token_revoke, name="token_revoke"),
    path("staff/provisioning/users/", staff.csv_upload, name="csv_upload"),
    path("staff/provisioning/users/apply/", staff.csv_apply, name="csv_apply"),
]
