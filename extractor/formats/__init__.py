"""One module per file format (text, pdf, docx, xlsx), each turning bytes into a Source.

``load.load`` picks the module; ``builder`` holds what they share: writing native
tables into the text as tab-separated blocks with a span for every cell.
"""
