"""JSON in and out of the API: gzip both ways, and one shape for every refusal."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from ocpsc_field.sync.protocol import ErrorCode, decode_body, encode_body, error_body

COMPRESS_ABOVE = 512  # bytes; smaller bodies gain nothing from gzip


def accepts_gzip(request: HttpRequest) -> bool:
    accepted = request.headers.get("Accept-Encoding", "")
    return any(part.split(";")[0].strip() == "gzip" for part in accepted.split(","))


def json_response(
    request: HttpRequest, data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    """``data`` as JSON, gzip-compressed when the client accepts it and it is worth it."""
    body = encode_body(data, compress=False)
    response = HttpResponse(status=status, content_type="application/json")
    if len(body) > COMPRESS_ABOVE and accepts_gzip(request):
        body = encode_body(data)
        response["Content-Encoding"] = "gzip"
    response.content = body
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ("Accept-Encoding",))
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def refuse(
    request: HttpRequest,
    status: int,
    code: ErrorCode,
    message: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    return json_response(request, error_body(code.value, message, **extra), status, headers)


def read_json(request: HttpRequest) -> Any:
    """The request body as JSON, decompressed per Content-Encoding (ProtocolError if not)."""
    return decode_body(request.body, request.headers.get("Content-Encoding"))


def bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def only(method: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Allow one HTTP method; any other gets a JSON 405 saying which one to use."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != method and not (method == "GET" and request.method == "HEAD"):
                return refuse(
                    request,
                    405,
                    ErrorCode.BAD_REQUEST,
                    f"Use {method} for this address.",
                    headers={"Allow": method},
                )
            return view(request, *args, **kwargs)

        return checked

    return decorate
