"""terminal.py: stop signals handled like Ctrl-C, and held off a save."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from placecli.errors import Stop
from placecli.terminal.lines import held, signals_stop_like_ctrl_c

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_sigterm_raises_a_stop_with_exit_143() -> None:
    with pytest.raises(Stop) as caught, signals_stop_like_ctrl_c():
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(10_000):  # the handler runs between these
            pass
    assert (caught.value.how, caught.value.exit_code) == ("by SIGTERM", 143)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.parametrize(
    ("number", "raised", "code"),
    [(signal.SIGINT, KeyboardInterrupt, None), (signal.SIGTERM, Stop, 143)],
    ids=["ctrl-c", "sigterm"],
)
def test_a_stop_during_a_save_waits_for_the_save(
    number: int, raised: type[BaseException], code: int | None
) -> None:
    done = []
    with pytest.raises(raised) as caught, signals_stop_like_ctrl_c():
        with held():
            os.kill(os.getpid(), number)
            for _ in range(10_000):  # the handler would run here if it were not held
                pass
            done.append("saved")
        done.append("not reached")
    assert done == ["saved"]
    if code is not None:
        assert getattr(caught.value, "exit_code", None) == code
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
