"""Every rule's code and documentation, one module per detector module that implements
them, so that listing, explaining and selecting rules loads no detector (their lexicons,
numpy, wordfreq). ``audits.rule_catalog`` gathers them."""
