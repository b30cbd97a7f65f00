"""SDG link analytics: co-occurrence and stated-synergy layers, metrics, figures and a report.

``sdgkg analyze`` reads the built store with SPARQL (:mod:`.plan_data`), builds the linkage layers
with their evidence (:mod:`.layers`; expert scores: :mod:`.interactions`, :mod:`.expert`), computes
metrics (:mod:`.metrics`, :mod:`.dimensions`, :mod:`.stakeholders`, :mod:`.compare`), and writes
tables, networks, figures, a bilingual report and a results named graph (:mod:`.export`,
:mod:`.figures`, :mod:`.expert_outputs`, :mod:`.report`, :mod:`.results_graph`), all orchestrated
by :mod:`.run`.
"""
