"""The ``editscope`` command installed by ``pip install editscope``.

It is the Rust CLI itself, linked into the extension module: the same subcommands, output and
exit codes as the ``editscope`` binary (``cargo install editscope-cli``).
"""

from __future__ import annotations

import signal
import sys

from ._editscope import _cli_main


def main() -> None:
    """Run ``editscope`` with this process's arguments and exit with its exit code."""
    # The command runs in Rust until it ends, so Python never gets to act on Ctrl-C: let the
    # signal end the process, as it ends the binary.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    sys.exit(_cli_main(["editscope", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
