"""The API's documentation, served by the app itself with no network: `/docs`, a plain,
accessible reference made from the app's own OpenAPI schema (each route, who may call it, its
parameters and body fields). Public, like /openapi.json: it describes the API, not any data.

Why not Swagger UI or ReDoc: measured with axe-core, both have serious accessibility
violations (colour contrast, nested controls, small targets, no page language), and ReDoc
fetches a logo from its CDN even when its script is served locally."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates



def route_roles(route: APIRoute) -> tuple[str, ...] | None:
    """The roles `require(...)` names for a route: () for any signed-in user, None when public."""
    def walk(dependant):
        for d in dependant.dependencies:
            if hasattr(d.call, "roles"):
                return tuple(d.call.roles)
            found = walk(d)
            if found is not None:
                return found
        return None
    return walk(route.dependant)


def _type_of(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    return schema.get("type", "any")


def _fields(schema: dict, components: dict) -> list[dict]:
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    required = set(schema.get("required", ()))
    return [{"name": name, "type": _type_of(prop), "required": name in required,
             "default": prop.get("default"), "description": prop.get("description", "")}
            for name, prop in schema.get("properties", {}).items()]


def reference(app: FastAPI) -> list[dict]:
    """One entry per API route (the web pages left out), in path order."""
    spec = app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    roles = {(m, r.path): route_roles(r) for r in app.routes if isinstance(r, APIRoute) for m in r.methods}
    entries = []
    for path, operations in sorted(spec["paths"].items()):
        for method, op in operations.items():
            if "text/html" in op.get("responses", {}).get("200", {}).get("content", {}):
                continue  # a web page, not part of the API
            body = op.get("requestBody", {}).get("content", {})
            body_schema = next(iter(body.values()), {}).get("schema") if body else None
            who = roles.get((method.upper(), path))
            entries.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": (op.get("description") or "").strip(),
                "who": "anyone" if who is None else ", ".join(r.replace("_", " ") for r in who) or "anyone signed in",
                "parameters": [{"name": p["name"], "where": p["in"], "type": _type_of(p.get("schema", {})),
                                "required": p.get("required", False)} for p in op.get("parameters", [])],
                "body": _fields(body_schema, components) if body_schema else [],
                "responses": sorted(op.get("responses", {})),
            })
    return entries


def add_docs(app: FastAPI, templates: Jinja2Templates) -> None:
    async def docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "api_docs.html", {
            "entries": reference(app), "description": app.description})

    # A Starlette route, as FastAPI adds its own docs routes (no role: public, like the schema).
    app.add_route("/docs", docs, include_in_schema=False)
