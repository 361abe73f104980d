"""Key slots as a security boundary: revocation, rotation on departure, repair, orphan slots."""
