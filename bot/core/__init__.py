"""The channel-agnostic core: knowledge, search, dialogue. Imports nothing from channels, admin or web frameworks."""
