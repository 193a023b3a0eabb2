"""``jupyter lite build`` addons of browsergrad-kernel."""
