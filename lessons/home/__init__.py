"""/: the course home page."""
from .page import home_page
