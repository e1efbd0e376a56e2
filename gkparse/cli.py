"""Command line: a thin shell over gkparse.parse and the writers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkparse.errors import GkparseError

# Exit codes of `parse` (README "Exit codes"): 0 at least one table read; 1 failed (unreadable,
# not a report, or a report of which no table was read: its JSON is still written); 2 usage
# (click's own); 3 unsupported (a pre-2019 report: sections written, tables not read).
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_UNSUPPORTED = 3
ENGINE_CHOICE = click.Choice(["auto", "pdfium", "pdfplumber", "camelot"])
OCR_CHOICE = click.Choice(["auto", "always", "never"])
OCR_HELP = ("PDF pages read by OCR: auto = the pages without a usable text layer (scans, garbled text), "
            "always = every page, never = refuse a PDF without text. Needs pip install 'gkparse[ocr]'.")


def _input_options(verb: str, it: str, them: str):
    """--max-bytes, --max-pages and --ocr, shared by parse and convert (convert fails an input
    where parse refuses it)."""

    def wrap(command):
        options = [
            click.option("--max-bytes", type=str, default=None, metavar="SIZE",
                         help=f"{verb} a larger input {it}: bytes, or with K/M/G "
                              "(default 200M; 0: no limit)."),
            click.option("--max-pages", type=click.IntRange(min=0), default=None,
                         help=f"{verb} a PDF with more pages {them} (default 2000; 0: no limit)."),
            click.option("--ocr", type=OCR_CHOICE, default="auto", show_default=True, help=OCR_HELP),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return wrap


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
@click.option("--engine", type=ENGINE_CHOICE, default="auto", show_default=True,
              help="PDF reader (auto = pdfium).")
@click.option("--all", "every", is_flag=True,
              help="Every report of a file that collects several (JSON: a list); default the first.")
@click.option("--meta", "meta_items", multiple=True, metavar="KEY=VALUE",
              help="Metadata you already hold, repeatable: year=2023, agency=…, title=…, url=…. It wins "
                   "over the text (meta.sources: caller); a year or agency the text contradicts is "
                   "warned about.")
@_input_options("Refuse", "before reading it", "before reading them")
def parse(input_path: str, fmt: str, output: Path | None, engine: str, every: bool,
          meta_items: tuple[str, ...], max_bytes: str | None, max_pages: int | None, ocr: str) -> None:
    """Parse one report (PDF, text, HTML, DOCX) and write its cells, sections and checks.

    Exit codes: 0 at least one table read; 1 failed (also a report of which no table was read:
    its JSON is still written); 2 usage; 3 a pre-2019 report (sections written, tables not read).
    """
    from gkparse import parse_all
    from gkparse.write.json import report_json

    given = _meta_options(meta_items)
    try:
        reports = parse_all(Path(input_path), engine=engine, ocr=ocr, meta=given, max_bytes=_size(max_bytes),
                            max_pages=max_pages)
    except GkparseError as e:
        click.echo(f"gkparse: error: {e}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    reports = reports if every else reports[:1]
    if fmt == "json":
        text = report_json(reports if every else reports[0])
        if output:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            click.echo(text)
        sys.exit(_exit_code(reports, input_path))
    # pandas and pyarrow only here, where tables are written: JSON output starts in a fraction of the time
    from gkparse.write.tables import csv_ready, frames, merge_rows, report_rows, write_frames

    tables = frames(merge_rows(report_rows(r) for r in reports))
    if output is None:
        if fmt == "parquet":
            raise click.UsageError("--format parquet needs -o DIRECTORY")
        csv_ready(tables["cells"]).to_csv(sys.stdout, index=False)
    else:
        for path in write_frames(tables, output, fmt):
            click.echo(str(path), err=True)
    sys.exit(_exit_code(reports, input_path))


UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def _size(text: str | None) -> int | None:
    """"200M" → bytes; None stays None (the default limit)."""
    if text is None:
        return None
    number, unit = text.strip().upper().rstrip("B").rstrip("I"), ""
    if number[-1:] in UNITS and number[-1:]:
        number, unit = number[:-1], number[-1]
    try:
        value = float(number) * UNITS[unit]
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a size (bytes, or a number with K, M or G)",
                                 param_hint="--max-bytes") from None
    return int(value)


def _meta_options(items: tuple[str, ...]) -> dict[str, str]:
    from gkparse.meta import check_given

    given: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--meta")
        given[key.strip()] = value
    try:
        check_given(given)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--meta") from None
    return given


def _exit_code(reports: list, input_path: str) -> int:
    """1 when a report gave no table (and is not a pre-2019 one), else 3 when one is pre-2019, else 0;
    each such report is named on stderr."""
    code = EXIT_OK
    for r in reports:
        name = input_path if r.source.part is None else f"{input_path} (report {r.source.part})"
        if r.status == "unsupported":
            click.echo(f"gkparse: {name}: {r.unsupported}", err=True)
            code = code or EXIT_UNSUPPORTED
        elif not r.items:
            missing = next((str(w) for w in r.warnings if getattr(w, "code", "") == "tables_missing"), "")
            click.echo(f"gkparse: error: {name}: no table read{f' ({missing})' if missing else ''}; "
                       "sections and meta written (status partial)", err=True)
            code = EXIT_BAD_INPUT
    return code


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Dataset directory (reports, cells, sections, checks).")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("-j", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Parallel worker processes.")
@click.option("--timeout", type=click.FloatRange(min=0), default=300.0, show_default=True,
              help="Seconds one input may take; then its worker is killed and the input fails (0: no limit).")
@click.option("--max-memory", type=click.IntRange(min=0), default=4096, show_default=True,
              help="Address-space cap of each worker in MB; an input that needs more fails (0: no cap).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Parse on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' "
                   "(a LocalCluster of -j processes). The workers need gkparse and must see the inputs "
                   "at the same paths (shared storage); results come back here. --timeout and "
                   "--max-memory hold on workers that may start processes (distributed.worker.daemon: "
                   "false, set by 'local'). Needs pip install 'gkparse[dask]'.")
@click.option("--retry-failed", is_flag=True, help="Parse again the inputs that failed last time.")
@click.option("--no-progress", is_flag=True, help="No progress bar (for logs).")
@click.option("--engine", type=ENGINE_CHOICE, default="auto", show_default=True,
              help="PDF reader (auto = pdfium).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV with a `path` column (relative to the manifest's folder, or absolute) and any of "
                   "url, agency, year, title: metadata that wins over the text (meta.sources: manifest). "
                   "Without INPUTS, the manifest's files are the inputs.")
@_input_options("Fail", "without reading it", "without reading them")
def convert(inputs: tuple[Path, ...], output: Path, fmt: str, workers: int, timeout: float, max_memory: int,
            dask_address: str | None, retry_failed: bool, no_progress: bool, engine: str,
            manifest: Path | None, max_bytes: str | None, max_pages: int | None, ocr: str) -> None:
    """Convert files and directories of reports into one dataset; resumable, never stops on a bad file.

    Every input is parsed in a worker process: a crash, a hang or a runaway allocation fails that
    input only, with its reason in reports.error. A re-run skips what is done; unchanged files
    are not even read again (.gkparse/index.json in the output directory).
    """
    from importlib.util import find_spec

    from gkparse.batch import convert as run_convert
    from gkparse.batch import find_inputs

    if dask_address is not None and find_spec("distributed") is None:
        raise click.UsageError("--dask needs Dask distributed: pip install 'gkparse[dask]'")
    if not inputs and manifest is None:
        raise click.UsageError("give INPUTS (files or directories), or --manifest FILE.csv")
    given = _read_manifest(manifest) if manifest else None
    files = find_inputs(inputs) if inputs else [Path(p) for p in given or {}]
    if given and inputs:
        import os

        unlisted = set(given) - {os.path.abspath(f) for f in files}
        if unlisted:
            click.echo(f"gkparse: manifest: {len(unlisted)} paths are not among the inputs "
                       f"(first: {sorted(unlisted)[0]})", err=True)
    parser = None
    if max_bytes is not None or max_pages is not None:  # the workers' parse, with these limits
        from functools import partial

        from gkparse import parse_all

        parser = partial(parse_all, max_bytes=_size(max_bytes), max_pages=max_pages, ocr=ocr)
    counts = run_convert(files, output, fmt=fmt, workers=workers, progress=not no_progress,
                         retry_failed=retry_failed, engine=engine, timeout=timeout, max_memory=max_memory,
                         dask=dask_address, manifest=given, parser=parser, ocr=ocr)
    click.echo(
        f"{counts['converted']} converted, {counts['failed']} failed, "
        f"{counts['skipped']} already done; dataset in {output}",
        err=True,
    )


def _read_manifest(path: Path) -> dict:
    from gkparse.batch.manifest import ManifestError, read_manifest

    try:
        given, ignored = read_manifest(path)
    except (ManifestError, OSError, UnicodeDecodeError) as e:
        raise click.BadParameter(str(e), param_hint="--manifest") from None
    if ignored:
        click.echo(f"gkparse: manifest: columns ignored: {', '.join(ignored)}", err=True)
    return given


@cli.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write (.csv or .parquet); default DATASET/cross_year.<the dataset's format>.")
def crossyear(dataset: Path, output: Path | None) -> None:
    """Check each agency's report against its report of the year before (R8–R10) in a converted dataset."""
    from gkparse.cross_year import cross_year_checks
    from gkparse.dataset import read_dataset
    from gkparse.write.tables import csv_ready

    try:
        tables = read_dataset(dataset, ("reports", "cells"))
    except GkparseError as e:
        click.echo(f"gkparse: error: {e}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    checks = cross_year_checks(tables["reports"], tables["cells"])
    if output is None:
        fmt = "parquet" if (dataset / "reports.parquet").exists() else "csv"
        output = dataset / f"cross_year.{fmt}"
    if output.suffix == ".parquet":
        checks.to_parquet(output, index=False)
    else:
        csv_ready(checks).to_csv(output, index=False, encoding="utf-8-sig")
    pairs = checks[["report_id", "last_report_id"]].drop_duplicates()
    failed = checks[~checks.ok.astype(bool)]
    click.echo(
        f"{len(checks)} checks on {len(pairs)} pairs of consecutive years, {len(failed)} failed "
        f"({int(failed.soft.astype(bool).sum())} of them soft rules); written to {output}",
        err=True,
    )


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one self-contained file; opens offline).")
@click.option("--report-id", metavar="ID",
              help="INPUT is a converted dataset: draw this report, parsing again the input path "
                   "it recorded.")
@click.option("--engine", type=ENGINE_CHOICE, default="auto", show_default=True,
              help="PDF reader (auto = pdfium).")
@click.option("--ocr", type=OCR_CHOICE, default="auto", show_default=True, help=OCR_HELP)
def inspect(input_path: Path, output: Path, report_id: str | None, engine: str, ocr: str) -> None:
    """Draw every cell read on its page, the cells of failed checks in red, as one HTML file.

    A PDF's pages are shown with each cell outlined (hover: key, value, raw text); text, HTML and
    DOCX input show the source text with the table rows matched. Exit 1 when the input cannot be read.
    """
    from gkparse import parse_all
    from gkparse.inspect import write_inspect

    part = None
    if input_path.is_dir():
        if report_id is None:
            raise click.UsageError("INPUT is a directory: give --report-id ID of a report of this dataset")
        input_path, part = _dataset_input(input_path, report_id)
    elif report_id is not None:
        raise click.UsageError("--report-id needs INPUT to be a dataset directory")
    try:
        reports = parse_all(input_path, engine=engine, ocr=ocr)
        report = next((r for r in reports if r.source.part == part), reports[0])
        if report_id is not None and report.source.report_id != report_id:
            click.echo(f"gkparse: warning: {input_path} changed since it was converted "
                       f"(it is now {report.source.report_id}); drawing it as it is now", err=True)
        write_inspect(report, output, input_path)
    except GkparseError as e:
        click.echo(f"gkparse: error: {e}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"{output}: {len(report.items)} cells, {len(report.failed_checks)} failed checks", err=True)


def _dataset_input(dataset: Path, report_id: str) -> tuple[Path, int | None]:
    """The input path a dataset recorded for one report, and which report of the file it is."""
    from gkparse.dataset import read_dataset

    try:
        reports = read_dataset(dataset, ("reports",))["reports"]
    except GkparseError as e:
        raise click.BadParameter(str(e), param_hint="INPUT") from None
    row = reports[reports.report_id == report_id]
    if row.empty:
        raise click.BadParameter(f"no report {report_id!r} in {dataset}", param_hint="--report-id")
    path = row.iloc[0]["path"]
    if not isinstance(path, str) or not Path(path).exists():
        raise click.BadParameter(f"the dataset recorded {path!r} as the input of {report_id}, and it is not "
                                 "there (a relative path is read from the current directory, as convert "
                                 "was given it)", param_hint="--report-id")
    _, dash, k = report_id.partition("-")
    return Path(path), int(k) if dash and k.isdigit() else None


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
