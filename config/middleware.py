"""A database that cannot be reached is an outage, not a bug: the visitor gets a 503 page.

Two ways in, because Django turns an exception into a response at the layer that raised it:
`DatabaseUnavailableMiddleware` catches the errors raised in views (and works with DEBUG on),
`server_error` (the project's handler500) catches the ones raised in other middleware, such
as the session or the time-zone lookup. Neither touches the database again. Recovery needs
nothing from here: Django drops a broken connection at the end of the request and, with
`conn_health_checks`, checks a kept one before reusing it, so the first request after the
database returns gets a fresh connection.
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("config.outage")
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(exception: BaseException) -> HttpResponse:
    logger.error("database unavailable: %s", exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable(exception)
        return None


def server_error(request: HttpRequest) -> HttpResponseServerError | HttpResponse:
    """handler500: Django calls it while the exception is being handled, so it can still look at it."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return database_unavailable(exception)
    return django_server_error(request)
