"""The doors: thin adapters between a wire format and the core's Incoming/Reply."""
