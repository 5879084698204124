"""A small HTTP client for the benchmark: one keep-alive connection, cookies kept by hand, and the
time to the first byte and to the last of every answer.

The portal runs as in production (DEBUG off, behind a TLS proxy): the client says so with
`X-Forwarded-Proto: https`, so no request is redirected to HTTPS, and it sends back the session
cookie although the portal marks it Secure (there is no TLS on the loopback).
"""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    ttfb_ms: float
    total_ms: float
    size: int
    queries: int | None
    location: str = ""
    body: bytes = b""
    lines: int = 0


class Client:
    def __init__(self, base_url: str, *, token: str = "", timeout: float = 120) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.origin = f"https://{self.host}:{self.port}"
        self.token, self.timeout = token, timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Encoding": "identity",
            "User-Agent": "alliance-benchmark",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        return headers | extra

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        keep_body: bool = True,
        timeout: float | None = None,
    ) -> Answer:
        """Send one request (reconnecting once if the kept-alive connection was closed)."""
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=timeout or self.timeout
                )
            elif timeout:
                self.connection.timeout = timeout
                if self.connection.sock is not None:
                    self.connection.sock.settimeout(timeout)
            started = time.perf_counter()
            try:
                self.connection.request(
                    method, path, body=body, headers=self._headers(headers or {})
                )
                response = self.connection.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise
                continue
            break
        first_byte = time.perf_counter()
        size, lines, chunks = 0, 0, []
        while chunk := response.read(65_536):
            size += len(chunk)
            lines += chunk.count(b"\n")
            if keep_body:
                chunks.append(chunk)
        finished = time.perf_counter()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        queries = response.getheader("X-Query-Count")
        return Answer(
            status=response.status,
            ttfb_ms=(first_byte - started) * 1000,
            total_ms=(finished - started) * 1000,
            size=size,
            queries=int(queries) if queries is not None else None,
            location=response.getheader("Location", ""),
            body=b"".join(chunks),
            lines=lines,
        )

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the login form, as a person would; raises if it does not work."""
        form = self.get("/accounts/login/")
        match = CSRF_FIELD.search(form.body)
        if form.status != 200 or match is None:
            raise RuntimeError(f"The login page answered {form.status} without a form.")
        data = {"login": email, "password": password, "csrfmiddlewaretoken": match.group(1)}
        answer = self.request(
            "POST",
            "/accounts/login/",
            body=urlencode(data).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{self.origin}/accounts/login/",
                "Origin": self.origin,
            },
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(
                f"Signing in as {email} failed ({answer.status}): is the database seeded "
                "with `manage.py seed_scale`?"
            )
