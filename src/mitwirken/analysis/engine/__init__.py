"""The synthesis method as plain code: text → lemmas and language, vectors, clusters,
similar texts. No ORM and no Django here, so the command line and the workspace run the
same engine (docs/synthesis.md says why this method)."""
