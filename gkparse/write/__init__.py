"""Write reports: the spec's JSON for one report, tidy tables (CSV/Parquet) for a dataset."""
