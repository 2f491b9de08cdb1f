"""Turning model objects into text for people: tables aligned for Chinese characters."""
