"""HTTP plumbing shared by the doors: error rendering, health and readiness."""
