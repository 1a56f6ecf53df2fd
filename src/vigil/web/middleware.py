from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    """Pages of a logged-in user are never stored by a browser or a proxy (a seized laptop)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response
