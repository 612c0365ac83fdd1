"""gvckit.framework: placeholder replaced below."""
