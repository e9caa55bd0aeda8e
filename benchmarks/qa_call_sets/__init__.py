"""Script sets of ``benchmarks/qa_calls.py`` kept in their own modules (one per language and set), so a set can be
written by someone who has not seen the matching's transcripts of it.

A script is a list of lines ``(criterion, role, pass text, fail text)``: ``criterion`` None = a line said in every
call; a text None = say nothing; ``{hold}`` in a text marks the hold pause after that turn.
"""

Line = tuple[str | None, str, str | None, str | None]
