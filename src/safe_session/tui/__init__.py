"""The terminal UI (Textual). It renders what the engine finds and asks before acting.

Nothing outside this package imports it except the command line, and only when the UI opens:
the engine, probes, rules and reports never depend on Textual.
"""
