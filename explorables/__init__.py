"""The Explorables site: serves the course home and every lesson at one address."""
