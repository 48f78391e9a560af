"""How hedui's LLM cassettes are written, scrubbed and matched.

* Readable YAML: bodies decompressed, JSON bodies stored as data (``json:``), not as strings.
* Scrubbed: authorization, cookies and request ids never reach a cassette; the endpoint's
  address and the model's name are written as ``https://llm.test/v1`` and
  ``hedui-test-model``, so a cassette recorded against any provider replays in the tests.
* Report text stays out: the user message (the section of a report sent to the model) is
  stored as its SHA-256 and length, not its words. Matching uses the same digest, so it is
  still exact; a cassette never carries a report's text or a person's details.
* Matched on method, URL and JSON body.
* A cassette whose responses were written by hand says so at its top: the scripted server
  marks each response with the header ``x-hedui-scripted``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from urllib.parse import urlparse

import yaml

CANONICAL_BASE = "https://llm.test/v1"
CANONICAL_MODEL = "hedui-test-model"
SCRIPTED_HEADER = "x-hedui-scripted"
SECRET_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "cookie",
    "set-cookie",
    "openai-organization",
    "openai-project",
    "x-request-id",
    "cf-ray",
)
HAND_WRITTEN_NOTE = (
    "# The responses in this cassette were WRITTEN BY HAND (tests/llm_script.py), not recorded\n"
    "# from a model: no model endpoint is reachable from the machines hedui is built on. They\n"
    "# hold what a real model plausibly answers, wrong answers included, to exercise re-asks.\n"
    "# The requests are exactly what hedui sends (user messages stored as their SHA-256).\n"
    "# Re-record against a real endpoint with `make record`.\n"
)
RECORDED_NOTE = (
    "# Recorded from a real endpoint with `make record`; secrets and report text scrubbed.\n"
)


def _digest_user_messages(body: dict) -> dict:
    body = copy.deepcopy(body)
    for msg in body.get("messages", []):
        if msg.get("role") == "user" and isinstance(msg.get("content"), str):
            raw = msg["content"]
            if not raw.startswith("sha256:"):
                digest = hashlib.sha256(raw.encode()).hexdigest()
                msg["content"] = f"sha256:{digest} ({len(raw)} characters of report text)"
    if "model" in body:
        body["model"] = CANONICAL_MODEL
    return body


def _canonical_uri(uri: str) -> str:
    path = urlparse(uri).path
    tail = path[path.find("/chat/") :] if "/chat/" in path else path
    return CANONICAL_BASE + tail


def scrub_request(request):
    """Applied to every request before it is recorded and before it is matched."""
    request = copy.copy(request)
    request.uri = _canonical_uri(request.uri)
    for name in list(request.headers):
        if name.lower() in SECRET_HEADERS:
            del request.headers[name]
    body = _parse(request.body)
    if isinstance(body, dict):
        request.body = json.dumps(_digest_user_messages(body), ensure_ascii=False).encode()
    return request


def scrub_response(response: dict) -> dict:
    response = copy.deepcopy(response)
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def _parse(body):
    if body is None:
        return None
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        return json.loads(body)
    except (TypeError, ValueError):
        return None


def json_body(r1, r2) -> None:
    """vcrpy matcher: the two bodies are the same JSON (key order and spacing aside)."""
    assert _parse(r1.body) == _parse(r2.body), "JSON bodies differ"


# -- the serializer (registered under the name "yaml", so cassettes stay *.yaml) ------------


def _body_out(body) -> dict:
    parsed = _parse(body)
    if parsed is not None:
        return {"json": parsed}
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return {"string": body or ""}


def _body_in(stored: dict) -> str:
    if "json" in stored:
        return json.dumps(stored["json"], ensure_ascii=False)
    return stored.get("string", "")


def serialize(cassette: dict) -> str:
    scripted = False
    out = []
    for it in cassette["interactions"]:
        req, resp = it["request"], it["response"]
        headers = {k: v for k, v in resp.get("headers", {}).items()}
        if any(k.lower() == SCRIPTED_HEADER for k in headers):
            scripted = True
        out.append(
            {
                "request": {
                    "method": req["method"],
                    "uri": req["uri"],
                    "headers": req.get("headers", {}),
                    "body": _body_out(req.get("body")),
                },
                "response": {
                    "status": resp["status"],
                    "headers": headers,
                    "body": _body_out(resp.get("body", {}).get("string")),
                },
            }
        )
    note = HAND_WRITTEN_NOTE if scripted else RECORDED_NOTE
    return note + yaml.safe_dump(
        {"version": cassette.get("version", 1), "interactions": out},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def deserialize(text: str) -> dict:
    data = yaml.safe_load(text) or {}
    interactions = []
    for it in data.get("interactions", []):
        req, resp = it["request"], it["response"]
        interactions.append(
            {
                "request": {
                    "method": req["method"],
                    "uri": req["uri"],
                    "headers": req.get("headers", {}),
                    "body": _body_in(req.get("body", {})),
                },
                "response": {
                    "status": resp["status"],
                    "headers": resp.get("headers", {}),
                    "body": {"string": _body_in(resp.get("body", {}))},
                },
            }
        )
    return {"version": data.get("version", 1), "interactions": interactions}
