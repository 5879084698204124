from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_list, name="list"),
    path("new/", views.lesson_create, name="create"),
    path("drafts/", views.my_drafts, name="drafts"),
    path("following/", views.following, name="following"),
    path("follow/", views.follow_one, name="follow"),
    path("digest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.lesson_detail, name="detail"),
    path("<int:pk>/edit/", views.lesson_edit, name="edit"),
    path("<int:pk>/publish/", views.lesson_publish, name="publish"),
    path("<int:pk>/endorse/", views.lesson_endorse, name="endorse"),
    path("<int:pk>/comments/", views.lesson_comment, name="comment"),
]
