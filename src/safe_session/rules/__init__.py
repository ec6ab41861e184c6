"""Rules judge facts: pure functions `rule(fact, params) -> Outcome`, no I/O, no OS calls."""
