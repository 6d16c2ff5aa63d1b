"""The FastAPI app: the single back end for the web pages and scripts."""
