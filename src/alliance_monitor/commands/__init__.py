"""Command-line commands, one module per area, registered through the plugin hook."""
