"""Command line: a thin shell over gkparse.parse and the writers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkparse.errors import GkparseError

EXIT_BAD_INPUT = 1


@click.group()
@click.version_option(package_name="gkparse")
def cli() -> None:
    """gkparse: government information disclosure annual reports → clean data."""


@cli.command()
@click.argument("input_path", metavar="INPUT")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "parquet"]), default="json",
              show_default=True, help="json: the spec's JSON; csv/parquet: the dataset tables.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="JSON: a file (default stdout). csv/parquet: a directory for the tables.")
def parse(input_path: str, fmt: str, output: Path | None) -> None:
    """Parse one report (PDF, text, HTML, DOCX) and write its cells, sections and checks."""
    from gkparse import parse as parse_report
    from gkparse.write.json import report_json
    from gkparse.write.tables import csv_ready, frames, report_rows, write_frames

    try:
        report = parse_report(Path(input_path))
    except GkparseError as e:
        click.echo(f"gkparse: error: {e}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if fmt == "json":
        text = report_json(report)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            click.echo(text)
        return
    tables = frames(report_rows(report))
    if output is None:
        if fmt == "parquet":
            raise click.UsageError("--format parquet needs -o DIRECTORY")
        csv_ready(tables["cells"]).to_csv(sys.stdout, index=False)
        return
    for path in write_frames(tables, output, fmt):
        click.echo(str(path), err=True)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
