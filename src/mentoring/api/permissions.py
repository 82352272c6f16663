"""Scopes: each view names its resource; GET needs ``<resource>:read`` (or
write), other methods ``<resource>:write``. Object permissions come from the
selectors each view reads through (the web's)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from mentoring.api.enums import Access, scope
from mentoring.api.models import ApiToken


class HasScope(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        if not hasattr(view, (request.method or "").lower()):
            return True  # the view answers 405 (Method not allowed)
        resource = view.resource
        granted = set(token.scopes)
        write = scope(resource, Access.WRITE)
        if request.method in SAFE_METHODS:
            allowed = scope(resource, Access.READ) in granted or write in granted
        else:
            allowed = write in granted
        if not allowed:
            self.message = _("The token has no scope for this: it needs “%(scope)s”.") % {
                "scope": write
                if request.method not in SAFE_METHODS
                else scope(resource, Access.READ)
            }
        return allowed
