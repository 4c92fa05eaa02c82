"""The Textual terminal app. Everything here calls the headless engine; nothing in the
engine imports this package."""
