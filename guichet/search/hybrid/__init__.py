"""Hybrid (lexical + dense) search for the knowledge base. See docs/search.md, "Hybrid search"."""
