"""The SCIM side of an account, built on ``scim2-models``: the resource model
(``ScimUser``: the core User schema with the enterprise extension), the
discovery documents (ServiceProviderConfig, ResourceTypes, Schemas) that
publish only the attributes we store, and the mapping between an account
and a SCIM User.

Attributes we store (everything else a provider sends is accepted and
ignored): ``userName``, ``externalId``, ``name`` (formatted, givenName,
familyName), ``displayName``, ``emails`` (one address: value, type,
primary), ``active``, ``preferredLanguage`` (da or en) and the enterprise
extension's ``organization``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Email,
    EnterpriseUser,
    ETag,
    Filter,
    Meta,
    Name,
    Patch,
    ResourceType,
    Schema,
    ScimPolicy,
    ServiceProviderConfig,
    Sort,
    User,
)

from mentoring.accounts.enums import Language
from mentoring.accounts.models import User as Account
from mentoring.provisioning.models import ProvisionedUser

#: The SCIM User as this service reads and writes it.
ScimUser = User[EnterpriseUser]

#: What we tolerate from identity providers: attributes we do not store are
#: ignored; Entra ID's ``emails[type eq "work"].value`` on an account without
#: a work address creates it; a ``remove`` with a value removes that value.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
)

MEDIA_TYPE = "application/scim+json"
#: The most resources one list response holds.
MAX_RESULTS = 200

_CORE_ATTRIBUTES = {
    "userName": None,
    "name": {"formatted", "givenName", "familyName"},
    "displayName": None,
    "preferredLanguage": None,
    "active": None,
    "emails": {"value", "type", "primary"},
}
_ENTERPRISE_ATTRIBUTES = {"organization"}


def _restrict(attributes: list[Any], keep: dict[str, Any] | set[str]) -> list[Any]:
    kept = []
    for attribute in attributes:
        if attribute.name not in keep:
            continue
        subs = keep[attribute.name] if isinstance(keep, dict) else None
        if subs and attribute.sub_attributes:
            attribute.sub_attributes = [s for s in attribute.sub_attributes if s.name in subs]
        if attribute.name == "emails":
            # Every account has an e-mail address: the product mails people.
            attribute.required = True
            for sub in attribute.sub_attributes or []:
                if sub.name == "value":
                    sub.required = True
        if attribute.name == "preferredLanguage":
            attribute.canonical_values = list(Language.values)
        kept.append(attribute)
    return kept


def user_schema() -> Schema:
    schema = User.to_schema()
    schema.attributes = _restrict(list(schema.attributes or []), _CORE_ATTRIBUTES)
    return schema


def enterprise_schema() -> Schema:
    schema = EnterpriseUser.to_schema()
    schema.attributes = _restrict(list(schema.attributes or []), _ENTERPRISE_ATTRIBUTES)
    return schema


def schemas() -> list[Schema]:
    return [user_schema(), enterprise_schema()]


def resource_types() -> list[ResourceType]:
    return [ResourceType.from_resource(ScimUser)]


def service_provider_config() -> ServiceProviderConfig:
    return ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token a superuser creates on the staff page "
                "/staff/provisioning/ (sent as Authorization: Bearer <token>).",
                primary=True,
            )
        ],
    )


def language_of(value: str | None) -> str | None:
    """Our language for a SCIM ``preferredLanguage`` ("da", "da-DK", "en-US"
    ...), or None when we offer none that fits."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in Language.values else None


@dataclass(frozen=True)
class Attributes:
    """What a SCIM User says about an account, as we store it."""

    user_name: str
    email: str
    email_type: str
    email_primary: bool | None
    external_id: str
    full_name: str
    given_name: str
    family_name: str
    display_name: str
    organisation: str
    language: str | None
    preferred_language: str
    active: bool
    has_formatted_name: bool
    has_active: bool


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def attributes_of(resource: Any) -> Attributes:
    """Read the attributes we store from a validated ``ScimUser``. The
    address is the primary e-mail (else the first, else a userName that is
    an address); the full name is ``name.formatted``, else the given and
    family names, else ``displayName``."""
    emails = list(resource.emails or [])
    chosen = next((e for e in emails if e.primary), emails[0] if emails else None)
    user_name = _text(resource.user_name)
    email = _text(chosen.value) if chosen is not None and chosen.value else ""
    if not email and "@" in user_name:
        email = user_name
    name = resource.name
    given = _text(name.given_name) if name else ""
    family = _text(name.family_name) if name else ""
    formatted = _text(name.formatted) if name else ""
    display = _text(resource.display_name)
    full_name = formatted or " ".join(p for p in (given, family) if p) or display
    extension = resource[EnterpriseUser]
    organisation = _text(extension.organization) if extension is not None else ""
    preferred = _text(resource.preferred_language)
    return Attributes(
        user_name=user_name,
        email=email.lower(),
        email_type=_text(chosen.type) if chosen is not None and chosen.type else "",
        email_primary=chosen.primary if chosen is not None else None,
        external_id=_text(resource.external_id),
        full_name=full_name,
        given_name=given,
        family_name=family,
        display_name=display,
        organisation=organisation,
        language=language_of(preferred),
        preferred_language=preferred,
        active=resource.active is not False,
        has_formatted_name=bool(formatted),
        has_active=resource.active is not None,
    )


def to_resource(account: Account, *, location: str) -> Any:
    """The SCIM User of an account (an account the identity provider never
    touched shows its e-mail address as ``userName``)."""
    provisioned: ProvisionedUser | None = getattr(account, "provisioning", None)
    if provisioned is not None:
        given, family = provisioned.given_name, provisioned.family_name
        display = provisioned.display_name
        email_type = provisioned.email_type or None
        primary = provisioned.email_primary
        user_name = provisioned.user_name
        external_id = provisioned.external_id or None
        created = provisioned.created_at
        modified = provisioned.updated_at
        formatted = account.full_name if provisioned.has_formatted_name else ""
        active: bool | None = (
            account.is_active if provisioned.has_active or not account.is_active else None
        )
        preferred: str | None = ""
        raw = provisioned.preferred_language
        if raw:
            preferred = raw if language_of(raw) == account.language else account.language
    else:
        given = family = ""
        display = account.full_name
        email_type = "work"
        primary = True
        user_name = account.email
        external_id = None
        created = modified = account.date_joined
        preferred = account.language
        formatted = account.full_name
        active = account.is_active
    name = (
        Name(formatted=formatted or None, given_name=given or None, family_name=family or None)
        if formatted or given or family
        else None
    )
    resource = ScimUser(
        id=str(account.pk),
        external_id=external_id,
        user_name=user_name,
        name=name,
        display_name=display or None,
        preferred_language=preferred or None,
        active=active,
        emails=[Email(value=account.email, type=email_type, primary=primary)],  # type: ignore[arg-type]
        meta=Meta(
            resource_type="User",
            created=created,
            last_modified=max(modified, created),
            location=location,
        ),
    )
    if account.organisation:
        resource[EnterpriseUser] = EnterpriseUser(organization=account.organisation)
    return resource
