"""Delivery: approved education providers, delivery plans and annual quality reviews."""
