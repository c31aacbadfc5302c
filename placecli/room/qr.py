"""The join code as a QR code drawn with half blocks: two rows of modules a line.

segno makes the code. The join URL is written in upper case (`HTTP://192.168.1.20:8765/
R/TOKEN`): every character is then in the QR alphanumeric set, and the code is smaller
(version 3, 29 modules, for a LAN address and a 128-bit token).
"""

from __future__ import annotations

QUIET = 2  # modules of white around the code (phones read 2 well; the standard asks 4)
BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_text(data: str, *, dark_ink: bool = True) -> str:
    """`data` as lines of half blocks. `dark_ink`: the terminal draws characters dark on
    a light background (or with black-on-white colours); else the blocks are the light
    modules, for a light-on-dark terminal without colour."""
    import segno

    code = segno.make(data, error="m", micro=False)
    rows = [[bool(m) == dark_ink for m in row] for row in code.matrix_iter(scale=1, border=QUIET)]
    if len(rows) % 2:
        rows.append([not dark_ink] * len(rows[0]))
    return "\n".join(
        "".join(BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    )
