"""Synthetic caseload datasets: generate (seeded), validate, and load as typed DataFrames.

Every case, id and number in these datasets is invented. The committed ``datasets/`` folder is
``himoya datasets generate`` with the default seed; ``load_dataset`` reads it from any working
directory.
"""

from himoya.datasets.display import readable
from himoya.datasets.generate import dataset_texts, generate_tables
from himoya.datasets.load import datasets_dir, load_dataset
from himoya.datasets.schema import (
    DATASET_NAMES,
    DEFAULT_SEED,
    EXAMPLE_TIMEFRAMES,
    EXTRACT_DATE,
    OKABE_ITO,
    TABLES,
    Timeframe,
)
from himoya.datasets.validate import Problem, ValidationReport, validate_datasets
from himoya.datasets.write import GeneratedFile, GenerateResult, write_datasets

__all__ = [
    "DATASET_NAMES",
    "DEFAULT_SEED",
    "EXAMPLE_TIMEFRAMES",
    "EXTRACT_DATE",
    "OKABE_ITO",
    "TABLES",
    "GenerateResult",
    "GeneratedFile",
    "Problem",
    "Timeframe",
    "ValidationReport",
    "dataset_texts",
    "datasets_dir",
    "generate_tables",
    "load_dataset",
    "readable",
    "validate_datasets",
    "write_datasets",
]
