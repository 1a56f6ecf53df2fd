"""The read audit: who saw a restricted value, exported, or read another organisation's
records through the API — stored by id, never the value, and never changed afterwards."""
