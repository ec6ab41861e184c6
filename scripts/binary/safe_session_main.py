"""The single-file program's entry: `safe-session` itself, frozen by PyInstaller.

On Linux the frozen program's loader points LD_LIBRARY_PATH at the libraries it carries; the
system tools the probes run (pactl, nmcli, gdbus...) must load the system's own, so their
environment gets the person's original value back (the program's own libraries are loaded
already).
"""

import os
import sys

from safe_session.cli import main

if getattr(sys, "frozen", False):
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
        original = os.environ.pop(f"{name}_ORIG", None)
        if original is not None:
            os.environ[name] = original
        else:
            os.environ.pop(name, None)

if __name__ == "__main__":
    sys.exit(main())
