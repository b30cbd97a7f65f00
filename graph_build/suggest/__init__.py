"""Suggested SDG targets for initiatives, actions, example initiatives, policies and KPIs.

The plans print SDG targets for directions and KPI tables, seldom for a single initiative. This
stage ranks the 169 targets for each such entity from the entity's own words (Japanese name and
description first, the English label as a second signal) and writes the ranking, marked as
inferred, into its own named graph (:data:`graph_build.iris.SUGGESTIONS_GRAPH`). It never reads the
targets the documents print. :mod:`graph_build.suggest.evaluation` measures it against them.
"""
