"""Partner finding (連携相手探し): rank candidate partners for an initiative, an SDG target or an
organisation from what the graph states and what partner registries declare."""
