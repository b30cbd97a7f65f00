"""KPI progress made visible (進捗の見える化): trajectory charts and status boards, from the KPI
progress queries, for the report of ``sdgkg analyze`` and the pages of ``sdgkg serve``."""
