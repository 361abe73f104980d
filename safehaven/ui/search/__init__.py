"""Search as you type: each key starts a query and cancels the one before."""
