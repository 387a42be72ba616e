"""Developer tools run by make targets; tests import a few (tools.pseudo_locale)."""
