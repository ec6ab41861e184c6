"""Probes gather facts from the system and nothing else; one module per subject.

Each module exposes `gather(ctx) -> fact`. A probe that cannot find out raises `Unavailable`
with the plain reason; the engine turns that, and any other failure, into an "unknown" result.
"""
