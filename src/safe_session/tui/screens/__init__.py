"""One screen per file: before the session, after it, a check's detail and an action's question."""
