"""Download handlers: the replay server's routing, and the browser's."""
