"""The command line's shared options: each defined once, used by every command that takes it."""

from __future__ import annotations

import functools
from pathlib import Path

import click

import handout_engine as engine

from .run import refuse

ALL = "all"
DOCUMENT_CHOICE = click.Choice([*engine.DOCUMENT_NAMES, ALL])


def documents_for(choice: str) -> list[str]:
    return list(engine.DOCUMENT_NAMES) if choice == ALL else [choice]


def document_list(_ctx, _param, value: str) -> tuple[str, ...]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in engine.DOCUMENT_NAMES]
    if unknown or not names:
        raise click.BadParameter(f"expected some of {','.join(engine.DOCUMENT_NAMES)}, got '{value}'")
    return tuple(name for name in engine.DOCUMENT_NAMES if name in names)


brand_option = click.option(
    "--brand",
    default=engine.DEFAULT_BRAND,
    show_default=True,
    metavar="NAME",
    help="Brand file from assets/brands/ (clinic name, colours, phone numbers, logo).",
)
paper_option = click.option(
    "--paper",
    type=click.Choice(engine.PAPER_SIZES),
    default="a4",
    show_default=True,
    help="Paper size: A4, or US Letter.",
)
allow_overdue_option = click.option(
    "--allow-overdue",
    is_flag=True,
    help="Print content that is past its next-review date; every page then says 'Review overdue'.",
)
archive_option = click.option(
    "--archive",
    is_flag=True,
    help="PDF/A-2b files (sRGB, validated) to file in a patient's electronic record; still tagged for screen readers.",
)
fillable_option = click.option(
    "--fillable",
    is_flag=True,
    help="Consent forms to fill in and sign on screen: tick boxes, text fields and empty signature fields.",
)
simplex_option = click.option(
    "--simplex",
    is_flag=True,
    help="A single-sided printer: no 'intentionally left blank' back pages in the print bundle; --print one-sided.",
)
print_option = click.option(
    "--print",
    "print_queue",
    metavar="QUEUE",
    help="Send what was made (the print bundle when there is one) to this CUPS printer queue, two-sided "
    "unless --simplex; jobs are titled by what they are, never by patient.",
)
large_print_option = click.option(
    "--large-print",
    is_flag=True,
    help="Large print (16 pt body text) for every patient; a record's large_print field says it for one.",
)


def printing_options(command):
    """--paper, --large-print, --fillable, --allow-overdue, --archive, --simplex: every command that makes documents."""
    for option in (
        allow_overdue_option,
        archive_option,
        fillable_option,
        simplex_option,
        large_print_option,
        paper_option,
    ):
        command = option(command)
    return command


def reading_options(command):
    """How to read a clinic's export (engine.READING_OPTIONS; README "From your booking system"), passed as `read`."""

    @functools.wraps(command)
    def with_reading(*args, **kwargs):
        try:
            read = engine.read_options(**{name: kwargs.pop(name) for name, *_ in engine.READING_OPTIONS})
        except engine.InputError as error:
            return refuse(click.get_current_context(), error)
        return command(*args, read=read, **kwargs)

    for name, metavar, help_text in reversed(engine.READING_OPTIONS):
        kind = click.Choice(metavar.split("|")) if "|" in metavar else None  # dmy|mdy
        flag = "--" + name.replace("_", "-")
        with_reading = click.option(flag, is_flag=not metavar, type=kind, metavar=metavar, help=help_text)(with_reading)
    return with_reading


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=engine.default_workers(),
    show_default="the machine's cores",
    help="Worker processes that lay out PDFs; the files are the same, byte for byte, whatever the number.",
)
bundle_option = click.option(
    "--bundle",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write one print-ready PDF of everything made, each document starting on a right-hand page.",
)
bundle_size_option = click.option(
    "--bundle-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="Split the print bundle every N patients (FILE-001.pdf, FILE-002.pdf...); a patient is never split.",
)
