from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentoring.common.enums import OutboxStatus
from mentoring.common.mail import mail_retry
from mentoring.common.models import OutboxMessage
from mentoring.common.permissions import staff_required
from mentoring.common.selectors import outbox_messages


@require_GET
@staff_required
def outbox_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    page = Paginator(outbox_messages(status=status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "common/outbox_list.html",
        {"page": page, "status": status, "statuses": OutboxStatus.choices},
    )


@require_POST
@staff_required
def outbox_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    if not OutboxMessage.objects.filter(pk=message_id).exists():
        raise Http404
    message = mail_retry(message_id=message_id)
    if message.status == OutboxStatus.QUEUED:
        messages.success(request, _("The e-mail is queued to be sent again."))
    else:
        messages.info(request, _("Only failed e-mails can be retried."))
    return redirect("common:outbox")
