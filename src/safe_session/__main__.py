"""`python -m safe_session` behaves exactly like `safe-session`."""

import sys

from safe_session.cli import main

sys.exit(main())
