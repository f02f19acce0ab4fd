"""Posts embedded from social networks: another writer's words, not the article's.

A news page or a feed entry quotes a post by pasting the network's embed code: a
``<blockquote class="twitter-tweet">`` holding the tweet, its author's line
("— Parents Group (@parents) March 12, 2024") and its date, an Instagram post's
"View this post on Instagram" and "A post shared by ...". Both readers audited
them as paragraphs of the article: the author's line as a sentence, a post in
another language as language left untranslated. Like a photo or a pull quote in
a ``<figure>``, an embed is never read as the article's prose; the sentence that
introduces it ("The mayor wrote on X:") is the article's and stays.
"""

from __future__ import annotations

# Class names the networks' embed code gives its block, whole tokens.
EMBED_CLASSES = frozenset(
    {"twitter-tweet", "twitter-video", "twitter-timeline", "instagram-media"}
    | {"tiktok-embed", "reddit-embed-bq", "reddit-card", "fb-post", "fb-video"}
    | {"fb-xfbml-parse-ignore", "bluesky-embed", "mastodon-embed", "text-post-media"}
    | {"imgur-embed-pub", "embedly-card"}
    # The boxes themes and plugins put around an embedded video's <iframe>: what they
    # hold besides it is the player's stand-in ("Watch on YouTube"), which a feed
    # entry read as a sentence of the story.
    | {"video-embed", "embed-container", "embed-responsive", "responsive-embed"}
    | {"youtube-embed", "fluid-width-video-wrapper"}
)
