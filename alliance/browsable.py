"""The browsable API (the pages of /api/v1/ in a browser) without its HTML write forms.

DRF renders a POST/PUT form for each endpoint, with a `<select>` of up to a thousand rows for each
related field (partners, introductions, each named by its own query): /api/v1/deals/ took 6.7 s
and 3,000 queries at full scale. The raw JSON form stays, and is how the API is written anyway.
"""

from __future__ import annotations

from rest_framework.renderers import BrowsableAPIRenderer


class FormlessBrowsableAPIRenderer(BrowsableAPIRenderer):
    def get_rendered_html_form(self, data, view, method, request):
        if method in ("POST", "PUT"):
            return None  # the page shows the raw JSON form instead
        return super().get_rendered_html_form(data, view, method, request)
