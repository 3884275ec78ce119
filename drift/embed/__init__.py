"""Embed: encoders (:mod:`.encoder`, :mod:`.encoders`), the models drift knows (:mod:`.models`),
the embedding cache (:mod:`.cache`) and machine-independent cosines (:mod:`.similarity`)."""

from drift.embed.cache import EmbeddingCache, default_cache_dir
from drift.embed.encoder import Encoder, SentenceTransformerEncoder, embed
from drift.embed.similarity import SIM_DECIMALS, cosine_matrix, pair_cosines

__all__ = ["EmbeddingCache", "default_cache_dir", "Encoder", "SentenceTransformerEncoder",
           "embed", "cosine_matrix", "pair_cosines", "SIM_DECIMALS"]
