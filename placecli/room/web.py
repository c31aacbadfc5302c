"""The room's HTTP side (Starlette): the routes of room.md and the checks on every
request.

`Guard` wraps the app: the Host of every request must be the room's own address (or
name) and port, and the Origin of every POST the room's own; every response carries the
CSP (no inline script), nosniff and no-referrer, and is never cached. The routes check
the rest in room.md's order: the body's size, the device's cookie and CSRF token, its
rate, then the room's own rules. Nothing refused is recorded.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from placecli.room import page
from placecli.room.guard import HEADERS
from placecli.room.hub import Hub, Stream
from placecli.room.items import Refused
from placecli.room.records import Device

COOKIE = "place_device"
COOKIE_SECONDS = 12 * 3600
BODY_LIMIT = 2048
HEARTBEAT = 15.0  # seconds between comments on an idle stream, so dead ones are found
SLOW_BODY = 10.0  # seconds a request body may take


class Guard:
    """Host and Origin checks, and the security headers on every response."""

    def __init__(self, app: ASGIApp, hosts: Sequence[str], events: ASGIApp) -> None:
        self.app, self.events = app, events
        self.hosts = {h.lower() for h in hosts}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}

        if headers.get("host", "").lower() not in self.hosts:
            refused = Refused(421, "this address is not the room's")
        elif scope["method"] == "POST" and not self.from_the_page(headers):
            refused = Refused(403, "this request did not come from the room's page")
        elif scope["method"] not in ("GET", "HEAD", "POST"):
            refused = Refused(405, "not something the room does")
        elif scope["path"] == "/events" and scope["method"] == "GET":
            await self.events(scope, receive, send)  # the hot path: it adds the headers itself
            return
        else:
            await self.app(scope, receive, secured(send))
            return
        await error(refused, wants_json(headers))(scope, receive, secured(send))

    def from_the_page(self, headers: dict[str, str]) -> bool:
        """Is this POST from the room's own page? Its Origin says so. A form sent without
        JavaScript from a page whose referrer policy is no-referrer (ours) has the Origin
        `null`: such a form is taken (unless the browser says it came from another site),
        as every form route asks for a secret no other page can know: the device's CSRF
        token, or the room's code."""
        origin = headers.get("origin", "").lower()
        if origin in self.origins:
            return True
        form = headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        return origin == "null" and form and headers.get("sec-fetch-site") in (None, "same-origin")


def secured(send: Send) -> Send:
    """`send`, with the security headers added to the start of the response."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *HEADERS]
        await send(message)

    return sending


def wants_json(headers: dict[str, str]) -> bool:
    return "json" in headers.get("content-type", "") or "json" in headers.get("accept", "")


def error(refused: Refused, as_json: bool, code: str = "") -> Response:
    if as_json:
        return JSONResponse({"error": refused.message}, status_code=refused.status)
    titles = {403: "Not in the room", 404: "Not found", 409: "Closed", 429: "Slow down"}
    heading = titles.get(refused.status, "Not taken")
    join = refused.status in (403, 404) and "removed" not in refused.message
    body = page.message(
        heading, refused.message[:1].upper() + refused.message[1:] + ".", code, join
    )
    return HTMLResponse(body, status_code=refused.status)


def make_app(hub: Hub, hosts: Sequence[str]) -> ASGIApp:
    routes = Routes(hub)
    app = Starlette(
        routes=[
            Route("/R/{token}", routes.join_link, methods=["GET"]),
            Route("/J", routes.join_code, methods=["POST"]),
            Route("/", routes.page, methods=["GET"]),
            Route("/a", routes.answer, methods=["POST"]),
            Route("/t", routes.text, methods=["POST"]),
            Route("/team", routes.team, methods=["POST"]),
            Route("/room.css", routes.asset, methods=["GET"]),
            Route("/room.js", routes.asset, methods=["GET"]),
            Route("/favicon.ico", no_icon, methods=["GET"]),
        ]
    )
    return Guard(app, hosts, Events(hub))


async def no_icon(request: Request) -> Response:
    """Browsers ask for an icon: there is none (and a 404 would be noise in their console)."""
    return Response(status_code=204)


MEDIA = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"}


class Routes:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def address(self, request: Request) -> str:
        return request.client.host if request.client else "?"

    async def join_link(self, request: Request) -> Response:
        try:
            cookie = self.hub.join_with_token(
                request.path_params["token"], request.cookies.get(COOKIE), self.address(request)
            )
        except Refused as refused:
            return error(refused, False)
        return joined(cookie)

    async def join_code(self, request: Request) -> Response:
        try:
            form = parse(await read_body(request), as_json=False)
            cookie = self.hub.join_with_code(
                str(form.get("code", "")), request.cookies.get(COOKIE), self.address(request)
            )
        except Refused as refused:
            return error(refused, False)
        return joined(cookie)

    async def page(self, request: Request) -> Response:
        try:
            device = self.hub.device(request.cookies.get(COOKIE))
            self.hub.allow(device.id)
        except Refused as refused:
            return error(refused, False, self.hub.room.setup.code)
        view = self.hub.view(device) | {"seconds": self.hub.seconds_left()}
        token = self.hub.room.token_for(device)
        return HTMLResponse(page.page(view, token, secrets.token_hex(12)))

    async def asset(self, request: Request) -> Response:
        name = request.url.path.lstrip("/")
        return Response(page.asset(name), media_type=MEDIA[name.rpartition(".")[2]])

    async def answer(self, request: Request) -> Response:
        return await self.post(request, self.hub.answer)

    async def text(self, request: Request) -> Response:
        return await self.post(request, self.hub.text)

    async def team(self, request: Request) -> Response:
        return await self.post(request, self.hub.team)

    async def post(
        self, request: Request, act: Callable[[Device, dict[str, Any]], Any]
    ) -> Response:
        """A phone's POST: JSON with its token in a header (the script), or a form with it
        in a field (no script), checked in room.md's order."""
        as_json = "json" in request.headers.get("content-type", "")
        try:
            raw = await read_body(request)
            device = self.hub.device(request.cookies.get(COOKIE))
            body = parse(raw, as_json)
            token = request.headers.get("x-place-token") if as_json else body.get("token")
            self.hub.room.check_token(device, token)
            self.hub.allow(device.id)
            result = act(device, body)
        except Refused as refused:
            return error(refused, as_json, self.hub.room.setup.code)
        if not as_json:
            return RedirectResponse("/", status_code=303)
        path = request.url.path
        answers = {"/a": {"counted": result}, "/t": {"held": True}}
        return JSONResponse(answers.get(path, {"ok": True}))


def joined(cookie: str) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE, cookie, max_age=COOKIE_SECONDS, path="/", httponly=True, samesite="strict"
    )
    return response


async def read_body(request: Request) -> bytes:
    """The body, at most BODY_LIMIT bytes (else Refused 413), within SLOW_BODY seconds."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > BODY_LIMIT:
        raise Refused(413, f"at most {BODY_LIMIT} bytes")

    async def collect() -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > BODY_LIMIT:
                raise Refused(413, f"at most {BODY_LIMIT} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(collect(), SLOW_BODY)
    except asyncio.TimeoutError:
        raise Refused(408, "the request came too slowly") from None
    except ClientDisconnect:  # cut off mid-request: there is no one to answer
        raise Refused(400, "the request was cut short") from None


def parse(raw: bytes, as_json: bool) -> dict[str, Any]:
    """A POST's body as a dict: JSON, or a form (its `choice` fields a list, in order)."""
    if as_json:
        try:
            data = json.loads(raw)
        except ValueError:
            raise Refused(400, "the body is not JSON") from None
        if not isinstance(data, dict):
            raise Refused(400, "the body is not a JSON object")
        return dict(data)
    from urllib.parse import parse_qsl

    fields = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
    body: dict[str, Any] = {k: v for k, v in fields if k != "choice"}
    body["choice"] = [v for k, v in fields if k == "choice"]
    if "version" in body:
        body["version"] = int(body["version"]) if body["version"].isdigit() else None
    return body


class Events:
    """GET /events: the phone's view as Server-Sent Events, each the whole view."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            device = self.hub.device(request.cookies.get(COOKIE))
            self.hub.allow(device.id)
            stream = self.hub.open_stream(device)
        except Refused as refused:
            await error(refused, True)(scope, receive, secured(send))
            return
        try:
            await self.run(device, stream, receive, send)
        finally:
            self.hub.close_stream(stream)

    async def run(self, device: Device, stream: Stream, receive: Receive, send: Send) -> None:
        """Send the view, then again each time it changes, until the phone goes, the
        session ends or the phone is removed. One wait a wake: the phone leaving and the
        heartbeat wake the stream as a change does (thousands of streams wake at once)."""
        headers = [(b"content-type", b"text/event-stream; charset=utf-8"), *HEADERS]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"retry: 2000\n\n", "more_body": True})
        gone = asyncio.ensure_future(disconnected(receive))
        gone.add_done_callback(lambda _: stream.wake.set())
        loop = asyncio.get_running_loop()
        last, number = "", 0
        try:
            while not gone.done():
                stream.wake.clear()
                if stream.beat:
                    stream.beat = False
                    await send(
                        {"type": "http.response.body", "body": b": -\n\n", "more_body": True}
                    )
                last, number = await self.send_view(device, last, number, send)
                if stream.ended or device.kicked:
                    break
                beat = loop.call_later(HEARTBEAT, stream.heartbeat)
                await stream.wake.wait()
                beat.cancel()
        finally:
            gone.cancel()
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def send_view(
        self, device: Device, last: str, number: int, send: Send
    ) -> tuple[str, int]:
        """Send the view if it changed: (what was sent, its event id)."""
        data = self.hub.event_data(device)
        if data == last:
            return last, number
        number += 1
        token = self.hub.token(device)
        chunk = f'id: {number}\ndata: {data[:-1]}, "token": "{token}"}}\n\n'.encode()
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
        return data, number


async def disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
