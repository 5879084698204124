from django.urls import path

from partners.views import directory, introductions, public, review

app_name = "partners"

urlpatterns = [
    path("", directory.directory, name="list"),
    # Not a slug (a slug has no dot): no partner's page is shadowed.
    path("suggestions.json", directory.partner_suggestions, name="suggestions"),
    path("apply/", public.apply, name="apply"),
    path("apply/thanks/", public.apply_thanks, name="apply_thanks"),
    path("status/<str:token>/", public.status, name="status"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/mail/", review.application_mail, name="application_mail"),
    path("introductions/", introductions.inbox, name="introductions"),
    path("introductions/<int:pk>/", introductions.introduction_detail, name="introduction"),
    path("introductions/<int:pk>/answer/", introductions.answer, name="introduction_answer"),
    path("introductions/<int:pk>/progress/", introductions.progress, name="introduction_progress"),
    path("<slug:slug>/", directory.detail, name="detail"),
    path("<slug:slug>/deck/", directory.deck, name="deck"),
    path("<slug:slug>/edit/", directory.edit, name="edit"),
    path("<slug:slug>/review/", review.start_review, name="start_review"),
    path("<slug:slug>/sponsor/", review.sponsor, name="sponsor"),
    path("<slug:slug>/decline/", review.decline, name="decline"),
    path("<slug:slug>/introduce/", introductions.introduce, name="introduce"),
]
