"""lcdash: what Learning Communities deliver, from the evaluations their partners collect."""

__version__ = "0.1.0"
