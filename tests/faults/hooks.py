"""Test-only hooks for the portal's processes in the fault tests (loaded by tests/faults/settings).

Between tests, pytest-django empties every table and Django creates the content types again, with
new ids. Production never does that; but the web and worker processes here outlive a test, so
they must not keep the content type ids they cached (the audit log refers to them).
"""

from celery.signals import task_prerun
from django.contrib.contenttypes.models import ContentType


class FreshContentTypesMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        ContentType.objects.clear_cache()
        return self.get_response(request)


@task_prerun.connect
def fresh_content_types(**kwargs) -> None:
    ContentType.objects.clear_cache()
