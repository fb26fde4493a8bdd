"""Reusable Panel components for lessons. No lesson text lives here."""
