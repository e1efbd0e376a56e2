"""Reading the three printed tables: tokens → template alignment → cells."""
