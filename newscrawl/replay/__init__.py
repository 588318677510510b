"""Offline replay: a loopback HTTP server for snapshots, and the routing that uses it."""
