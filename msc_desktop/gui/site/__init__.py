"""The site's room, for its administrator: users, settings, backups, the coordinating centre
connection, protocol versions, and the Tools menu that opens them."""
