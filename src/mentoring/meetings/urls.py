"""URLs of the meetings app: a pair's meetings, homework, goals and journal
under /me/mentorships/<pk>/, a person's calendar under /me/calendar/ and the
secret calendar feed, and the coordinator's overview of meetings."""

from django.urls import path

from mentoring.meetings.views import calendar, coordinate, goals, homework, journal, meetings

app_name = "meetings"

PAIR = "me/mentorships/<int:pk>/"
MEETING = PAIR + "meetings/<int:meeting>/"

urlpatterns = [
    # Meetings of a pair
    path(PAIR + "meetings/", meetings.meeting_list, name="list"),
    path(PAIR + "meetings/new/", meetings.meeting_plan_view, name="plan"),
    path(MEETING, meetings.meeting_detail, name="detail"),
    path(MEETING + "edit/", meetings.meeting_edit_view, name="edit"),
    path(MEETING + "cancel/", meetings.meeting_cancel_view, name="cancel"),
    path(MEETING + "agenda/", meetings.meeting_agenda, name="agenda"),
    path(MEETING + "held/", meetings.meeting_held, name="held"),
    path(MEETING + "feedback/", meetings.meeting_feedback, name="feedback"),
    path(MEETING + "invite.ics", calendar.meeting_ics, name="ics"),
    path(PAIR + "close/", meetings.mentorship_close_view, name="close"),
    # Homework
    path(PAIR + "homework/", homework.homework_list, name="homework"),
    path(PAIR + "homework/<int:item>/", homework.homework_item, name="homework_item"),
    # Goals
    path(PAIR + "goals/", goals.goal_list, name="goals"),
    path(PAIR + "goals/<int:goal>/", goals.goal_update, name="goal_update"),
    # Journal
    path(PAIR + "journal/", journal.note_list, name="journal"),
    path(PAIR + "journal/new/", journal.note_new, name="note_new"),
    path(PAIR + "journal/<int:note>/", journal.note_detail, name="note"),
    path(PAIR + "journal/<int:note>/edit/", journal.note_edit, name="note_edit"),
    path(PAIR + "journal/<int:note>/delete/", journal.note_delete_view, name="note_delete"),
    # Calendar
    path("me/calendar/", calendar.calendar_page, name="calendar"),
    path("me/calendar/reset/", calendar.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="feed"),
    # Coordinators: meetings and pairs at risk, never note content
    path("coordinate/<slug:slug>/meetings/", coordinate.meetings_overview_view, name="coordinate"),
]
