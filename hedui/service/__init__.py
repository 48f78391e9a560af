"""The web service: a JSON API and a few pages over the store (FastAPI + Jinja2).

Reads are open; writes (decisions, uploads) need the token configured with ``HEDUI_TOKEN`` or
``create_app(token=...)``, sent as ``Authorization: Bearer …`` or a ``token`` form field. With no
token configured the service is read-only and says how to enable writes. Every piece of
document text reaches a page through Jinja2's autoescape or ``html.escape``; personal numbers
are masked unless the app was created with ``show_pii=True``.

The app is built in app.py from one module per page group, each registering its routes:
reports.py (the JSON reads and search), pages.py (search and report pages), review.py,
upload.py; site.py holds what they share, highlight.py the report page's marked-up text.
"""

from hedui.service.app import create_app, serve
from hedui.service.highlight import highlight_source

__all__ = ["create_app", "highlight_source", "serve"]
