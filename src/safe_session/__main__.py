"""`python -m safe_session` behaves exactly like `safe-session`."""

from safe_session.launch import run

run()
