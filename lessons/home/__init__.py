"""/: the course home page."""
from .page import home_page

__all__ = ["home_page"]
