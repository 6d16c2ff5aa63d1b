"""Pure text analysis: a spaCy pipeline with goldenthread's components. No I/O here."""
