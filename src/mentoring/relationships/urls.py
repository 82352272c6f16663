"""URLs of the relationships app: the pair's pages under /me/mentorships/,
the coordinator's view of the pairs under /coordinate/<slug>/pairs/. The
pair's home page and a person's matches (/me/matches/) are the portal's
(``portal.urls``), in this namespace."""

from django.urls import path

from mentoring.relationships.views import agreement, coordinate, roles, trial

app_name = "relationships"

urlpatterns = [
    # The establishment phase. The pair's home page, me/mentorships/<pk>/, is
    # composed by the portal and added to this namespace as "pair" by the
    # project's urls.py (portal.urls.relationships_urlpatterns).
    path("me/mentorships/<int:pk>/roles/", roles.roles_exercise, name="roles"),
    path("me/mentorships/<int:pk>/roles/agree/", roles.roles_agree_view, name="roles_agree"),
    path("me/mentorships/<int:pk>/agreement/", agreement.agreement_current, name="agreement"),
    path(
        "me/mentorships/<int:pk>/agreement/edit/",
        agreement.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "me/mentorships/<int:pk>/agreement/accept/",
        agreement.agreement_accept_view,
        name="agreement_accept",
    ),
    path(
        "me/mentorships/<int:pk>/agreement/v<int:number>/",
        agreement.agreement_version,
        name="agreement_version",
    ),
    path(
        "me/mentorships/<int:pk>/agreement/v<int:number>/pdf/",
        agreement.agreement_pdf,
        name="agreement_pdf",
    ),
    path("me/mentorships/<int:pk>/first-meeting/", trial.first_meeting, name="first_meeting"),
    path("me/mentorships/<int:pk>/trial/", trial.trial_answer_view, name="trial"),
    # Coordinators: each pair's establishment progress (status and dates only)
    path("coordinate/<slug:slug>/pairs/", coordinate.pair_list, name="coordinate_pairs"),
    path(
        "coordinate/<slug:slug>/pairs/<int:pk>/",
        coordinate.pair_detail,
        name="coordinate_pair",
    ),
]
