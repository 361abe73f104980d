"""The shelter's own details (name, address, phone, e-mail, logo): what letters are signed with."""
