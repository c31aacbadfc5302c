"""Views: what a result looks like, as Rich renderables (`render`, `history`) laid out
with `layout` (hanging lines, headings that wrap, rows that stack on a narrow screen), or
as plain Markdown and JSON-ready data (`plain`), with the plain-text helpers both share
(`text`).

Views build things to print and print nothing: no console, no streams, no environment.
They may import the engines, `placecli.packs` and the shared modules.
"""
