"""Template context of the public site."""

from contextvars import ContextVar

# True while `vigil publish-site` renders the pages for a static copy: lists then show every
# row on one page, and the forms and links that need a server (filters, search by query,
# pagination) give way to the static search page.
static_export: ContextVar[bool] = ContextVar("static_export", default=False)
# …and where it wrote the open data, which the data page then lists.
static_data_dir: ContextVar = ContextVar("static_data_dir", default=None)
# …and answers that do not change while it runs (a dict), asked once instead of per page.
export_cache: ContextVar = ContextVar("export_cache", default=None)


def public_site(request) -> dict:
    return {"static_export": static_export.get()}
