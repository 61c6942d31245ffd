"""Screenshot scripts, one module per area; ``screenshots.py`` runs them."""
