"""The public web: the library (/thu-vien/), generated-document downloads, the chat widget; and the HTTP plumbing
every page and door shares (errors, health, metrics, request ids)."""
