"""The editors' console: an aiohttp sub-application mounted at /admin (see admin.app.build_admin_app)."""
