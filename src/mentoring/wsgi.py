"""The WSGI application that gunicorn serves (deploy/gunicorn.conf.py)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

application = get_wsgi_application()

# Import every view now, while the process starts, instead of on the first
# request it serves: some libraries are slow to import (scim2-models builds
# its pydantic models with source inspection: seconds on a busy machine).
get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
# What is loaded now lives as long as the process: keep it out of the garbage
# collector's full collections, which otherwise scan it and stall a request.
gc.freeze()
