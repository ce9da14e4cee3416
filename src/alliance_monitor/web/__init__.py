"""Web dashboard, JSON API (``alliance serve``) and printable reports (``alliance report``)."""
