"""Text folding and cell-value parsing shared by every reader."""
