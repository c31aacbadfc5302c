"""The room on its phones (`place room`): the facilitator's laptop serves a page that
participants open from a QR code, and their answers, rankings and texts come back to
the terminal. Nothing goes anywhere but the laptop.

- `items`: what the room is asked, each kind in one home: a quiz question (asking its
  question type, never its name) or a reflection activity (text, word cloud, agree
  scale, ranking).
- `records`: what the room is made of (its setup, devices, answers, texts, the records
  and events), and `state`: the room itself, pure: devices, the current item and its
  version, answers, texts held for moderation, lock and kick. Every change is a
  record; applying the records of a log again rebuilds the same room. No I/O, no
  clock, no randomness of its own (ids, secrets and times are passed in).
- `log`: the records as JSON lines in the data folder, read back, exported, forgotten.
- `hub`: the live room: checks a request, logs its record, applies it, tells the host
  and wakes the phones' streams (asyncio, no web framework).
- `web` and `guard`: the HTTP side (Starlette, and uvicorn's h11 protocol with limits
  per address); `page` and `assets/`: the one page, its CSS and its JS; `serve`: the
  server, the host's commands and the timers in one event loop.
- `host`: the host's commands (lines) and events (JSON lines, or plain lines on a
  terminal); `net`: addresses, interfaces and what `place room doctor` checks; `qr`:
  the join code drawn in half blocks; `notice`: the privacy notice.

It may import `placecli.packs`, `placecli.quiz`, `placecli.learning` (the question
hashes of the history) and the shared modules (`private`: the private data folder);
never the terminal, views or commands.
Starlette, uvicorn, segno and psutil (the `room` extra) are imported only here, and only
by `place room`.
"""
